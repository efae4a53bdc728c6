package com.speedy.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The testbed's hosts, driven from Java: up, down, faults, and each host as a {@link TestbedHost}. */
public final class Testbed {
    /** The system property that chooses the backend: nspawn or docker. */
    public static final String BACKEND_PROPERTY = "testbed.backend";
    private final TestbedBackend backend;
    private final Map<String, TestbedHost> hosts;

    private Testbed(TestbedBackend backend, Map<String, TestbedHost> hosts) {
        this.backend = backend;
        this.hosts = hosts;
    }

    /**
     * The backend the tests run on: {@code -Dtestbed.backend=nspawn|docker}, or else the first that can run here,
     * nspawn (root and systemd-nspawn) before docker (a Docker or Podman API that answers).
     */
    public static String backendName() {
        String chosen = System.getProperty(BACKEND_PROPERTY, "");
        if (!chosen.isEmpty()) {
            return chosen;
        }
        return NspawnBackend.unavailableReason().isEmpty() || DockerBackend.unavailableReason().isPresent()
                ? "nspawn" : "docker";
    }

    /** Why the testbed cannot run on this machine, if it cannot, with the backend {@link #backendName} chooses. */
    public static Optional<String> unavailableReason() {
        Optional<String> chosen = unavailableReason(backendName());
        if (chosen.isPresent() && System.getProperty(BACKEND_PROPERTY) == null) {
            return Optional.of(chosen.get() + "; " + unavailableReason("docker").orElseThrow());
        }
        return chosen;
    }

    /** Why the named backend cannot run on this machine, if it cannot. */
    public static Optional<String> unavailableReason(String backend) {
        return switch (backend) {
            case "nspawn" -> NspawnBackend.unavailableReason().map(reason -> "nspawn: " + reason);
            case "docker" -> DockerBackend.unavailableReason().map(reason -> "docker: " + reason);
            default -> Optional.of("-D" + BACKEND_PROPERTY + "=" + backend + " names no backend (nspawn or docker)");
        };
    }

    /** Starts (or keeps) the named hosts on the backend {@link #backendName} chooses. */
    public static Testbed up(Path projectDir, List<String> names) throws IOException, InterruptedException {
        TestbedBackend backend = "docker".equals(backendName()) ? new DockerBackend(projectDir)
                : new NspawnBackend(projectDir);
        try {
            return new Testbed(backend, backend.up(names));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // No Testbed comes back to bring down: what this up made (a started engine too) goes now.
            try {
                backend.down();
            } catch (IOException | RuntimeException down) {
                e.addSuppressed(down);
            }
            throw e;
        }
    }

    /** Starts (or keeps) more hosts on this testbed's backend; every running host is in the testbed returned. */
    public Testbed up(List<String> names) throws IOException, InterruptedException {
        return new Testbed(backend, backend.up(names));
    }

    /**
     * Where testbed keeps the key that every host's root accepts ({@code ssh/id_ed25519}) and the hosts' known_hosts:
     * {@code SPEEDY_TESTBED_STATE}, else /var/lib/speedy-testbed for root, else ~/.local/state/speedy-testbed.
     */
    public static Path stateDir() {
        String set = System.getenv("SPEEDY_TESTBED_STATE");
        if (set != null && !set.isEmpty()) {
            return Path.of(set);
        }
        return "root".equals(System.getProperty("user.name")) ? Path.of("/var/lib/speedy-testbed")
                : Path.of(System.getProperty("user.home"), ".local/state/speedy-testbed");
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
        backend.kill(name);
    }

    /** Boots hosts again (a killed one from its disk as it was); running ones are kept. */
    public void boot(String... names) throws IOException, InterruptedException {
        backend.up(List.of(names));
    }

    /** Shuts hosts down in order, as poweroff would; their disks stay, and {@link #boot} starts them again. */
    public void stop(List<String> names) throws IOException, InterruptedException {
        backend.stop(names);
    }

    /** Pulls a host's network cable out ({@code plugged} false) or puts it back; the host keeps running. */
    public void link(String name, boolean plugged) throws IOException, InterruptedException {
        backend.link(name, plugged);
    }

    /** Stops every host and removes what the testbed made (but its cached base root). */
    public void down() throws IOException, InterruptedException {
        backend.down();
    }
}
