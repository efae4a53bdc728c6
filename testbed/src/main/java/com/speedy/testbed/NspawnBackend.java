package com.speedy.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.process.LocalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hosts in systemd-nspawn containers, each in its own network namespace on one bridge: {@code bin/testbed}. */
final class NspawnBackend implements TestbedBackend {
    private final Path script;

    NspawnBackend(Path projectDir) {
        this.script = projectDir.resolve("bin/testbed");
    }

    /** Why it cannot run on this machine, if it cannot. */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the testbed needs root (it mounts overlays and makes network namespaces)");
        }
        for (String tool : List.of("/usr/bin/systemd-nspawn", "/usr/sbin/debootstrap")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing (run bin/setup)");
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, TestbedHost> up(List<String> names) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(script.toString(), "up"));
        argv.addAll(names);
        run(argv, 30);
        JsonNode status = new ObjectMapper().readTree(run(List.of(script.toString(), "status", "--json"), 1));
        Path key = Path.of(status.get("key").asText());
        Path knownHosts = Path.of(status.get("knownHosts").asText());
        Map<String, TestbedHost> hosts = new LinkedHashMap<>();
        for (JsonNode host : status.get("hosts")) {
            if ("running".equals(host.get("state").asText())) {
                String name = host.get("name").asText();
                hosts.put(name, new TestbedHost(name, host.get("address").asText(), key, knownHosts, this));
            }
        }
        return hosts;
    }

    @Override
    public void kill(String name) throws IOException, InterruptedException {
        run(List.of(script.toString(), "kill", name), 1);
    }

    @Override
    public void stop(List<String> names) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(script.toString(), "stop"));
        argv.addAll(names);
        run(argv, 1);
    }

    /** The host's veth on the bridge's side: bin/testbed's veth_name, {@code vtb-NAME} cut to 15 characters. */
    @Override
    public void link(String name, boolean plugged) throws IOException, InterruptedException {
        String veth = ("vtb-" + name).substring(0, Math.min(15, 4 + name.length()));
        run(List.of("ip", "link", "set", veth, plugged ? "up" : "down"), 1);
    }

    /** {@code nsenter} into the namespaces of the host's PID 1. */
    @Override
    public List<String> enter(String name) {
        return List.of("nsenter", "--target", Long.toString(init(name)), "--mount", "--uts", "--ipc", "--net", "--pid",
                "--root", "--wd", "--");
    }

    /** The child of the systemd-nspawn that bin/testbed recorded. */
    private static long init(String name) {
        Path pidFile = Testbed.stateDir().resolve("hosts/" + name + "/pid");
        try {
            String nspawn = Files.readString(pidFile).strip();
            String children = Files.readString(Path.of("/proc", nspawn, "task", nspawn, "children")).strip();
            if (children.isEmpty() || children.contains(" ")) {
                throw new IllegalStateException(name + ": systemd-nspawn " + nspawn + " has children '" + children
                        + "', not one PID 1");
            }
            return Long.parseLong(children);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot find its PID 1 from " + pidFile, e);
        }
    }

    @Override
    public void down() throws IOException, InterruptedException {
        run(List.of(script.toString(), "down"), 5);
    }

    private static String run(List<String> argv, int timeoutMinutes) throws IOException, InterruptedException {
        return LocalCommand.of(argv).withTimeout(Duration.ofMinutes(timeoutMinutes)).run().orThrow().stdoutText();
    }
}
