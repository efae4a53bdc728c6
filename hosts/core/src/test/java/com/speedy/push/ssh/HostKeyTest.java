package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys against a real sshd that has an ed25519 and an RSA key; known_hosts files of the tests' making. */
class HostKeyTest {
    @TempDir
    static Path dir;
    static TestSshd sshd;
    static Path key;
    static Host host;

    @TempDir
    Path test;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = TestSshd.start(dir);
        key = sshd.newAuthorizedKey("ed25519", "id_ed25519");
        host = TestHosts.host(sshd.port(), "root");
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    SshSettings settingsWith(String... knownHostsLines) throws Exception {
        Path knownHosts = test.resolve("known_hosts");
        if (knownHostsLines.length > 0) {
            Files.write(knownHosts, List.of(knownHostsLines));
        }
        return TestHosts.settings(knownHosts, List.of(key), false);
    }

    static String whoami(SshSettings settings) throws Exception {
        try (RemoteSession session = new SshConnector(settings, Optional.empty()).open(host)) {
            return session.run(RemoteCommand.of("whoami")).stdoutText();
        }
    }

    @Test
    void aHostKeyNotInKnownHostsIsRefusedWithTheFingerprintSshKeygenPrintsAndNothingChanges() throws Exception {
        SshSettings settings = settingsWith();
        String fingerprint = LocalCommands.fingerprintOf(sshd.hostPublicKey("ed25519"));

        assertThatThrownBy(() -> whoami(settings))
                .isInstanceOfSatisfying(UnknownHostKeyException.class, e -> {
                    assertThat(e.host()).hasToString("test-sshd");
                    assertThat(e.address()).isEqualTo("127.0.0.1");
                    assertThat(e.port()).isEqualTo(sshd.port());
                    assertThat(e.keyType()).isEqualTo("ssh-ed25519");
                    assertThat(e.fingerprint()).isEqualTo(fingerprint);
                })
                .hasMessageContaining("unknown host key")
                .hasMessageContaining(fingerprint);
        assertThat(settings.knownHosts()).doesNotExist();
        assertThat(sshd.log()).doesNotContain("Accepted publickey for root from 127.0.0.1 port " + sshd.port());
    }

    @Test
    void aChangedHostKeyIsRefusedWithTheOfferedKeysFingerprintAndKnownHostsStaysAsItWas() throws Exception {
        Path impostor = LocalCommands.newKey(test, "ed25519", "impostor");
        String impostorLine = "[127.0.0.1]:" + sshd.port() + " "
                + Files.readString(KnownHostsTest.pub(impostor)).split(" ")[0] + " "
                + Files.readString(KnownHostsTest.pub(impostor)).split(" ")[1];
        SshSettings settings = settingsWith("# only another key for this host", impostorLine);
        byte[] before = Files.readAllBytes(settings.knownHosts());
        String fingerprint = LocalCommands.fingerprintOf(sshd.hostPublicKey("ed25519"));

        assertThatThrownBy(() -> whoami(settings))
                .isInstanceOfSatisfying(ChangedHostKeyException.class, e -> {
                    assertThat(e.keyType()).isEqualTo("ssh-ed25519");
                    assertThat(e.fingerprint()).isEqualTo(fingerprint);
                    assertThat(e.knownHosts()).isEqualTo(settings.knownHosts());
                })
                .hasMessageContaining("HOST KEY CHANGED");
        assertThat(Files.readAllBytes(settings.knownHosts())).isEqualTo(before);
    }

    @Test
    void theRecordedKeyLetsTheLoginThroughWhetherEd25519OrOnlyRsaOrHashed() throws Exception {
        assertThat(whoami(settingsWith(sshd.knownHostsLine("ed25519")))).isEqualTo("root\n");
        // a host known by its RSA key alone is asked for that key (as rsa-sha2-512), not its ed25519 one
        assertThat(whoami(settingsWith(sshd.knownHostsLine("rsa")))).isEqualTo("root\n");

        SshSettings hashed = settingsWith(sshd.knownHostsLine("ed25519"));
        LocalCommands.run("ssh-keygen", "-H", "-f", hashed.knownHosts().toString());
        assertThat(Files.readString(hashed.knownHosts())).startsWith("|1|").doesNotContain("127.0.0.1");
        assertThat(whoami(hashed)).isEqualTo("root\n");
    }

    @Test
    void fetchShowsTheOfferedKeyWithoutLoggingInAndRecordMakesTheHostKnown() throws Exception {
        SshSettings settings = settingsWith();
        HostKeys hostKeys = new HostKeys(settings);
        String logBefore = sshd.log();

        OfferedHostKey offered = hostKeys.fetch(host);

        assertThat(offered.verdict()).isEqualTo(HostKeyPolicy.Verdict.UNKNOWN);
        assertThat(offered.type()).isEqualTo("ssh-ed25519");
        assertThat(offered.fingerprint()).isEqualTo(LocalCommands.fingerprintOf(sshd.hostPublicKey("ed25519")));
        assertThat(offered.knownHostsLine()).isEqualTo(sshd.knownHostsLine("ed25519"));
        assertThat(sshd.log().substring(logBefore.length())).doesNotContain("Accepted publickey");
        assertThat(settings.knownHosts()).doesNotExist();

        assertThat(hostKeys.record(offered)).isZero();

        assertThat(whoami(settings)).isEqualTo("root\n");
        assertThat(hostKeys.fetch(host).verdict()).isEqualTo(HostKeyPolicy.Verdict.KNOWN);
    }

    @Test
    void trustingAChangedKeyReplacesTheOldOneForThatHost() throws Exception {
        Path impostor = LocalCommands.newKey(test, "ed25519", "impostor");
        String[] words = Files.readString(KnownHostsTest.pub(impostor)).split(" ");
        SshSettings settings = settingsWith("[127.0.0.1]:" + sshd.port() + " " + words[0] + " " + words[1],
                "10.9.9.9 " + words[0] + " " + words[1]);
        HostKeys hostKeys = new HostKeys(settings);

        OfferedHostKey offered = hostKeys.fetch(host);
        assertThat(offered.verdict()).isEqualTo(HostKeyPolicy.Verdict.CHANGED);
        assertThat(hostKeys.record(offered)).isEqualTo(1);

        assertThat(Files.readAllLines(settings.knownHosts()))
                .containsExactly("10.9.9.9 " + words[0] + " " + words[1], sshd.knownHostsLine("ed25519"));
        assertThat(whoami(settings)).isEqualTo("root\n");
    }
}
