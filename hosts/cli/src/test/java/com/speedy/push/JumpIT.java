package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host behind a bastion: jump-app's own nftables rules drop ssh from everyone but jump-gate, so push reaches it
 * through {@code ssh.jump} only. jump-app is looked at from inside ({@code nsenter}), never over ssh.
 */
@TestbedHosts({"jump-gate", "jump-app"})
class JumpIT {
    private static final String ACCEPTED = "Accepted publickey for root from ";

    @TempDir
    Path dir;

    private TestbedHost gate;
    private TestbedHost app;

    @BeforeEach
    void onlyTheBastionMayReachTheApp(Testbed testbed) {
        gate = testbed.host("jump-gate");
        app = testbed.host("jump-app").inside();
        app.exec("sh", "-c", "nft delete table inet jumptest 2>/dev/null; true").orThrow();
        app.exec("nft", "add table inet jumptest; add chain inet jumptest input { type filter hook input priority -10;"
                + " }; add rule inet jumptest input tcp dport 22 ip saddr " + gate.address() + " accept;"
                + " add rule inet jumptest input tcp dport 22 drop").orThrow();
    }

    @AfterEach
    void openTheAppAgain() {
        app.exec("nft", "delete", "table", "inet", "jumptest").orThrow();
    }

    @Test
    void aHostReachableOnlyFromTheBastionFailsDirectlyAndAnswersThroughSshJump() throws Exception {
        PushRun direct = status(inventory(TestbedInventory.knownHosts(), ""));
        assertThat(direct.exitCode()).as(direct.out()).isNotZero();
        assertThat(direct.out()).containsPattern("jump-app\\s+.*unreachable: jump-app: cannot reach "
                + app.address().replace(".", "\\.") + " port 22");
        int acceptedBefore = accepted();

        PushRun through = status(inventory(TestbedInventory.knownHosts(), "  jump: jump-gate\n"));

        assertThat(through.exitCode()).as(through.out()).isZero();
        assertThat(through.out()).contains("jump-app").doesNotContain("unreachable");
        assertThat(accepted()).as("jump-app's sshd let root in, from the bastion's address").isGreaterThan(
                acceptedBefore);
        assertThat(journal()).contains(ACCEPTED + gate.address());
    }

    @Test
    void aWrongBastionKeyFailsTheRunNamingTheBastionAndTheHostIsNotTouched() throws Exception {
        Path other = dir.resolve("other");
        LocalCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).run().orThrow();
        String[] forged = Files.readString(Path.of(other + ".pub")).split(" ");
        StringBuilder known = new StringBuilder();
        for (String line : Files.readAllLines(TestbedInventory.knownHosts())) {
            if (!line.startsWith(gate.address() + " ")) {
                known.append(line).append('\n');
            }
        }
        known.append(gate.address()).append(' ').append(forged[0]).append(' ').append(forged[1]).append('\n');
        Path changed = Files.writeString(dir.resolve("known_hosts"), known);
        int acceptedBefore = accepted();

        PushRun run = status(inventory(changed, "  jump: jump-gate\n"));

        assertThat(run.exitCode()).as(run.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(run.out()).contains("bastion root@" + gate.address() + ": HOST KEY CHANGED")
                .contains("SHA256:");
        assertThat(accepted()).as("nothing logged in to jump-app").isEqualTo(acceptedBefore);
    }

    private Path inventory(Path knownHosts, String jump) throws Exception {
        return Files.writeString(dir.resolve("inventory-" + Math.abs(jump.hashCode()) + knownHosts.getFileName()
                + ".yaml"), TestbedInventory.ssh(knownHosts, "  connect_timeout: 3s\n" + jump)
                + "hosts:\n"
                + "  jump-gate:\n    address: " + gate.address() + "\n"
                + "  jump-app:\n    address: " + app.address() + "\n");
    }

    private PushRun status(Path inventory) {
        return PushRun.of(List.of("-i", inventory.toString()), "status", "jump-app");
    }

    private String journal() {
        return app.exec("journalctl", "-u", "ssh", "--no-pager", "-o", "cat").orThrow().stdout();
    }

    private int accepted() {
        return journal().split(ACCEPTED, -1).length - 1;
    }
}
