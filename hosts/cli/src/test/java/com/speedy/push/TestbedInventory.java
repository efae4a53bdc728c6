package com.speedy.push;

import com.speedy.process.LocalCommand;
import com.speedy.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The part of an inventory that reaches testbed hosts: root, testbed's own key and known_hosts. */
final class TestbedInventory {
    private static final Path STATE = Testbed.stateDir();

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

    /**
     * The {@code secrets:} section, for an age identity made in {@code dir/operator} (outside the inventory's folder,
     * which must therefore be another of {@code dir}'s, such as {@code dir/inventory}).
     */
    static String secrets(Path dir) throws IOException, InterruptedException {
        Path identity = Files.createDirectories(dir.resolve("operator")).resolve("age-identity.txt");
        if (!Files.exists(identity)) {
            LocalCommand.of("age-keygen", "-o", identity.toString()).run().orThrow();
        }
        String recipient = LocalCommand.of("age-keygen", "-y", identity.toString()).run().orThrow().stdoutText()
                .strip();
        return "secrets:\n  recipients: [" + recipient + "]\n  identity: " + identity + "\n";
    }
}
