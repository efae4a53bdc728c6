package com.speedy.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.process.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The hosts that {@code bin/testbed} runs, driven from Java: up, down, and each host as a {@link TestbedHost}. */
public final class Testbed {
    private final Path script;
    private final Map<String, TestbedHost> hosts;

    private Testbed(Path script, Map<String, TestbedHost> hosts) {
        this.script = script;
        this.hosts = hosts;
    }

    /** Why the testbed cannot run on this machine, if it cannot. */
    public static Optional<String> unavailableReason() {
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

    /** Starts (or keeps) the named hosts with {@code bin/testbed up}. */
    public static Testbed up(Path projectDir, List<String> names) throws IOException, InterruptedException {
        Path script = projectDir.resolve("bin/testbed");
        List<String> argv = new ArrayList<>(List.of(script.toString(), "up"));
        argv.addAll(names);
        run(argv, 30);
        return new Testbed(script, status(script));
    }

    public TestbedHost host(String name) {
        TestbedHost host = hosts.get(name);
        if (host == null) {
            throw new NoSuchElementException("no testbed host " + name + "; running: " + hosts.keySet());
        }
        return host;
    }

    public List<TestbedHost> hosts() {
        return List.copyOf(hosts.values());
    }

    /** Pulls a host's plug: every process in it killed at once; its disk stays for {@link #boot}. */
    public void kill(String name) throws IOException, InterruptedException {
        run(List.of(script.toString(), "kill", name), 1);
    }

    /** Boots hosts again (a killed one from its disk as it was); running ones are kept. */
    public void boot(String... names) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(script.toString(), "up"));
        argv.addAll(List.of(names));
        run(argv, 30);
    }

    /** Stops every host and removes what testbed made (but its cached base root). */
    public void down() throws IOException, InterruptedException {
        run(List.of(script.toString(), "down"), 5);
    }

    private static Map<String, TestbedHost> status(Path script) throws IOException, InterruptedException {
        JsonNode status = new ObjectMapper().readTree(run(List.of(script.toString(), "status", "--json"), 1));
        Path key = Path.of(status.get("key").asText());
        Path knownHosts = Path.of(status.get("knownHosts").asText());
        Map<String, TestbedHost> hosts = new LinkedHashMap<>();
        for (JsonNode host : status.get("hosts")) {
            if ("running".equals(host.get("state").asText())) {
                String name = host.get("name").asText();
                hosts.put(name, new TestbedHost(name, host.get("address").asText(), key, knownHosts));
            }
        }
        return hosts;
    }

    private static String run(List<String> argv, int timeoutMinutes) throws IOException, InterruptedException {
        return LocalCommand.of(argv).withTimeout(Duration.ofMinutes(timeoutMinutes)).run().orThrow().stdoutText();
    }
}
