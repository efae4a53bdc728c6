package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Hosts and ssh settings as the inventory would make them, for the tests' own sshd. */
final class TestHosts {
    private TestHosts() {}

    static Host host(int port, String user) throws Exception {
        return new Host(HostName.parse("test-sshd"), "127.0.0.1", port, user, List.of(), Optional.empty(),
                Optional.empty(), List.of());
    }

    static SshSettings settings(Path knownHosts, List<Path> keys, boolean agent) {
        return settings(knownHosts, keys, agent, Duration.ofSeconds(5));
    }

    static SshSettings settings(Path knownHosts, List<Path> keys, boolean agent, Duration connectTimeout) {
        return new SshSettings(Optional.empty(), knownHosts, keys, agent, connectTimeout, Duration.ofSeconds(20));
    }
}
