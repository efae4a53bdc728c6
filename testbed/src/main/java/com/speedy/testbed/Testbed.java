package com.speedy.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The testbed's hosts, driven from Java: up, down, faults, and each host as a {@link TestbedHost}. */
public final class Testbed {
    private final TestbedBackend backend;
    private final Map<String, TestbedHost> hosts;

    private Testbed(TestbedBackend backend, Map<String, TestbedHost> hosts) {
        this.backend = backend;
        this.hosts = hosts;
    }

    /** Why the testbed cannot run on this machine, if it cannot. */
    public static Optional<String> unavailableReason() {
        return NspawnBackend.unavailableReason();
    }

    /** Starts (or keeps) the named hosts. */
    public static Testbed up(Path projectDir, List<String> names) throws IOException, InterruptedException {
        TestbedBackend backend = new NspawnBackend(projectDir);
        return new Testbed(backend, backend.up(names));
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

    /** Pulls a host's network cable out ({@code plugged} false) or puts it back; the host keeps running. */
    public void link(String name, boolean plugged) throws IOException, InterruptedException {
        backend.link(name, plugged);
    }

    /** Stops every host and removes what the testbed made (but its cached base root). */
    public void down() throws IOException, InterruptedException {
        backend.down();
    }
}
