package com.speedy.push;

import java.nio.file.Path;

/** The part of an inventory that reaches testbed hosts: root, testbed's own key and known_hosts. */
final class TestbedInventory {
    private static final Path STATE = Path.of("/var/lib/speedy-testbed");

    private TestbedInventory() {}

    /** testbed's own key, which every host accepts for root. */
    static Path key() {
        return STATE.resolve("ssh/id_ed25519");
    }

    static Path knownHosts() {
        return STATE.resolve("known_hosts");
    }

    /** The {@code ssh:} section, with {@code known_hosts} as given (a test may forge one). */
    static String ssh(Path knownHosts, String more) {
        return "ssh:\n  user: root\n  known_hosts: " + knownHosts + "\n  keys: [" + key()
                + "]\n" + more;
    }

    static String ssh() {
        return ssh(knownHosts(), "");
    }
}
