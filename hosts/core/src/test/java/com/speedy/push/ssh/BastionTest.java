package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Bastion;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts behind a bastion, with two real sshd on 127.0.0.1: the bastion's and the host's. The bastion forwards only to
 * the host's port ({@code PermitOpen}); a second bastion forwards nothing, so that a host reached at all through it
 * proves the channel, not a direct connection, carried the session.
 */
class BastionTest {
    @TempDir
    static Path dir;
    static TestSshd target;
    static TestSshd bastion;
    static TestSshd closedBastion;
    static Path key;

    @TempDir
    Path test;

    @BeforeAll
    static void startSshds() throws Exception {
        target = TestSshd.start(Files.createDirectories(dir.resolve("target")));
        bastion = TestSshd.start(Files.createDirectories(dir.resolve("bastion")),
                List.of("PermitOpen 127.0.0.1:" + target.port()));
        closedBastion = TestSshd.start(Files.createDirectories(dir.resolve("closed")),
                List.of("AllowTcpForwarding no"));
        key = target.newAuthorizedKey("ed25519", "id_ed25519");
        bastion.authorize(key.resolveSibling("id_ed25519.pub"));
        closedBastion.authorize(key.resolveSibling("id_ed25519.pub"));
    }

    @AfterAll
    static void stopSshds() {
        for (TestSshd sshd : new TestSshd[] {target, bastion, closedBastion}) {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    static Host behind(String name, TestSshd through) throws Exception {
        return new Host(HostName.parse(name), "127.0.0.1", target.port(), "root", List.of(), Optional.empty(),
                Optional.empty(), List.of(), Optional.of(new Bastion("root", "127.0.0.1", through.port(),
                        Optional.empty())));
    }

    SshSettings settingsWith(String... knownHostsLines) throws Exception {
        Path knownHosts = test.resolve("known_hosts");
        Files.write(knownHosts, List.of(knownHostsLines));
        return TestHosts.settings(knownHosts, List.of(key), false);
    }

    SshSettings bothKnown() throws Exception {
        return settingsWith(target.knownHostsLine("ed25519"), bastion.knownHostsLine("ed25519"),
                closedBastion.knownHostsLine("ed25519"));
    }

    static String impostorLine(Path folder, TestSshd sshd) throws Exception {
        Path impostor = LocalCommands.newKey(folder, "ed25519", "impostor-" + sshd.port());
        String[] words = Files.readString(KnownHostsTest.pub(impostor)).split(" ");
        return "[127.0.0.1]:" + sshd.port() + " " + words[0] + " " + words[1];
    }

    @Test
    void hostsBehindOneBastionRunCommandsThroughOneSharedConnectionClosedWithTheLastSession() throws Exception {
        SshConnector connector = new SshConnector(bothKnown(), Optional.empty());
        String targetLog = target.log();
        String bastionLog = bastion.log();

        try (RemoteSession app1 = connector.open(behind("app1", bastion))) {
            try (RemoteSession app2 = connector.open(behind("app2", bastion))) {
                assertThat(app1.run(RemoteCommand.of("echo", "one")).stdoutText()).isEqualTo("one\n");
                assertThat(app2.run(RemoteCommand.of("echo", "two")).stdoutText()).isEqualTo("two\n");
                assertThat(connector.bastionConnections()).isEqualTo(1);
            }
            assertThat(connector.bastionConnections()).isEqualTo(1);
        }

        assertThat(connector.bastionConnections()).isZero();
        assertThat(target.log().substring(targetLog.length()).split("Accepted publickey for root", -1)).hasSize(3);
        assertThat(bastion.log().substring(bastionLog.length()).split("Accepted publickey for root", -1)).hasSize(2);
    }

    @Test
    void aBastionThatForwardsNothingFailsTheHostNamingTheHopAndBastion() throws Exception {
        SshConnector connector = new SshConnector(bothKnown(), Optional.empty());
        String targetLog = target.log();

        assertThatThrownBy(() -> connector.open(behind("app1", closedBastion)))
                .isInstanceOf(UnreachableHostException.class)
                .hasMessageStartingWith("app1 via bastion root@127.0.0.1:" + closedBastion.port() + ": cannot reach"
                        + " 127.0.0.1 port " + target.port() + ": the bastion opened no connection to it");
        assertThat(connector.bastionConnections()).isZero();
        assertThat(target.log().substring(targetLog.length())).doesNotContain("Accepted publickey");
    }

    @Test
    void aChangedBastionKeyIsRefusedNamingTheBastionAndTheHostIsNeverContacted() throws Exception {
        SshConnector connector = new SshConnector(settingsWith(target.knownHostsLine("ed25519"),
                impostorLine(test, bastion)), Optional.empty());
        String targetLog = target.log();
        String bastionLog = bastion.log();

        assertThatThrownBy(() -> connector.open(behind("app1", bastion)))
                .isInstanceOfSatisfying(ChangedHostKeyException.class, e -> {
                    assertThat(e.host()).hasToString("app1");
                    assertThat(e.port()).isEqualTo(bastion.port());
                })
                .hasMessageStartingWith("bastion root@127.0.0.1:" + bastion.port() + ": HOST KEY CHANGED");
        assertThat(bastion.log().substring(bastionLog.length())).doesNotContain("Accepted publickey");
        assertThat(target.log().substring(targetLog.length())).doesNotContain("Accepted publickey");
    }

    @Test
    void theHostsKeyIsCheckedUnderItsOwnAddressNotTheBastions() throws Exception {
        SshConnector connector = new SshConnector(settingsWith(impostorLine(test, target),
                bastion.knownHostsLine("ed25519")), Optional.empty());
        String targetLog = target.log();

        assertThatThrownBy(() -> connector.open(behind("app1", bastion)))
                .isInstanceOfSatisfying(ChangedHostKeyException.class,
                        e -> assertThat(e.port()).isEqualTo(target.port()))
                .hasMessageStartingWith("app1 via bastion root@127.0.0.1:" + bastion.port() + ": HOST KEY CHANGED");
        assertThat(target.log().substring(targetLog.length())).doesNotContain("Accepted publickey");
        assertThat(connector.bastionConnections()).isZero();

        SshConnector unknownTarget = new SshConnector(settingsWith(bastion.knownHostsLine("ed25519")),
                Optional.empty());
        assertThatThrownBy(() -> unknownTarget.open(behind("app1", bastion)))
                .isInstanceOf(UnknownHostKeyException.class)
                .hasMessageStartingWith("app1 via bastion root@127.0.0.1:" + bastion.port() + ": unknown host key");
    }
}
