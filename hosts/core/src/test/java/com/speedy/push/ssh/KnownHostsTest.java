package com.speedy.push.ssh;

import static com.speedy.push.ssh.HostKeyPolicy.Verdict.CHANGED;
import static com.speedy.push.ssh.HostKeyPolicy.Verdict.KNOWN;
import static com.speedy.push.ssh.HostKeyPolicy.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    static Path keys;
    static Path ed25519;
    static Path other;
    static Path rsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        ed25519 = LocalCommands.newKey(keys, "ed25519", "host_ed25519");
        other = LocalCommands.newKey(keys, "ed25519", "other_ed25519");
        rsa = LocalCommands.newKey(keys, "rsa", "host_rsa");
    }

    static Path pub(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    static PublicKey publicKey(Path privateKey) throws Exception {
        String[] words = Files.readString(pub(privateKey)).strip().split(" ");
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(words[1])).readPublicKey();
    }

    static String line(String hostPattern, Path privateKey) throws Exception {
        String[] words = Files.readString(pub(privateKey)).strip().split(" ");
        return hostPattern + " " + words[0] + " " + words[1];
    }

    KnownHosts knownHosts(String... lines) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of(lines));
        return KnownHosts.read(file);
    }

    @Test
    void theFingerprintIsWhatSshKeygenPrints() throws Exception {
        for (Path key : List.of(ed25519, rsa)) {
            assertThat(Fingerprint.sha256(publicKey(key))).isEqualTo(LocalCommands.fingerprintOf(pub(key)));
        }
    }

    @Test
    void aKeyRecordedForAnAddressAndPortIsKnownThereOnly() throws Exception {
        KnownHosts known = knownHosts("# a comment", line("[10.0.0.5]:2222", ed25519), line("10.0.0.6", ed25519));
        assertThat(known.check("10.0.0.5", 2222, publicKey(ed25519))).isEqualTo(KNOWN);
        assertThat(known.check("10.0.0.5", 22, publicKey(ed25519))).isEqualTo(UNKNOWN);
        assertThat(known.check("10.0.0.6", 22, publicKey(ed25519))).isEqualTo(KNOWN);
        assertThat(known.check("10.0.0.6", 2222, publicKey(ed25519))).isEqualTo(UNKNOWN);
    }

    @Test
    void anotherKeyForTheHostIsAChangeAndAHostWithoutLinesIsUnknown() throws Exception {
        KnownHosts known = knownHosts(line("[10.0.0.5]:2222", other));
        assertThat(known.check("10.0.0.5", 2222, publicKey(ed25519))).isEqualTo(CHANGED);
        assertThat(known.check("10.0.0.5", 2222, publicKey(rsa))).isEqualTo(CHANGED);
        assertThat(known.check("10.0.0.7", 2222, publicKey(ed25519))).isEqualTo(UNKNOWN);
    }

    @Test
    void hashedLinesAsSshKeygenWritesThemMatchTheirHost() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of(line("[10.0.0.5]:2222", ed25519), line("10.0.0.6", rsa)));
        LocalCommands.run("ssh-keygen", "-H", "-f", file.toString());
        assertThat(Files.readString(file)).startsWith("|1|").doesNotContain("10.0.0.");
        KnownHosts known = KnownHosts.read(file);
        assertThat(known.check("10.0.0.5", 2222, publicKey(ed25519))).isEqualTo(KNOWN);
        assertThat(known.check("10.0.0.6", 22, publicKey(rsa))).isEqualTo(KNOWN);
        assertThat(known.check("10.0.0.6", 22, publicKey(ed25519))).isEqualTo(CHANGED);
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhereAnotherLineListsIt() throws Exception {
        KnownHosts known = knownHosts(line("10.0.0.5", ed25519), "@revoked " + line("*", ed25519));
        assertThat(known.check("10.0.0.5", 22, publicKey(ed25519))).isEqualTo(CHANGED);
    }

    @Test
    void aHostKnownByItsRsaKeyIsAskedForRsaSha2SignaturesFirst() throws Exception {
        KnownHosts known = knownHosts(line("10.0.0.5", rsa), line("10.0.0.6", ed25519));
        assertThat(known.knownAlgorithms("10.0.0.5", 22)).containsExactly("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
        assertThat(known.knownAlgorithms("10.0.0.6", 22)).containsExactly("ssh-ed25519");
        assertThat(known.knownAlgorithms("10.0.0.7", 22)).isEmpty();
    }

    @Test
    void aMissingFileKnowsNoHost() throws Exception {
        KnownHosts known = KnownHosts.read(dir.resolve("nothing-here"));
        assertThat(known.check("10.0.0.5", 22, publicKey(ed25519))).isEqualTo(UNKNOWN);
    }

    @Test
    void recordingAKeyReplacesTheHostsOldLinesPlainOrHashedAndKeepsEveryOtherLine() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of(line("[10.0.0.5]:2222", other)));
        LocalCommands.run("ssh-keygen", "-H", "-f", file.toString()); // the old key, hashed
        Files.delete(dir.resolve("known_hosts.old")); // ssh-keygen's backup
        String hashedOld = Files.readString(file).strip();
        Files.write(file, List.of("# kept", hashedOld, line("[10.0.0.5]:2222", rsa), line("10.0.0.6", other),
                "@cert-authority *.example " + line("", other).strip()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        HostKeys hostKeys = new HostKeys(TestHosts.settings(file, List.of(ed25519), false));

        int removed = hostKeys.record(new OfferedHostKey("10.0.0.5", 2222, publicKey(ed25519), CHANGED));

        assertThat(removed).isEqualTo(2);
        assertThat(Files.readAllLines(file)).containsExactly("# kept", line("10.0.0.6", other),
                "@cert-authority *.example " + line("", other).strip(), line("[10.0.0.5]:2222", ed25519));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KnownHosts.read(file).check("10.0.0.5", 2222, publicKey(other))).isEqualTo(CHANGED);
        assertThat(KnownHosts.read(file).check("10.0.0.5", 2222, publicKey(ed25519))).isEqualTo(KNOWN);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void recordingIntoAMissingFileCreatesItReadableForEveryone() throws Exception {
        Path file = dir.resolve("ssh/known_hosts");
        new HostKeys(TestHosts.settings(file, List.of(ed25519), false))
                .record(new OfferedHostKey("10.0.0.5", 22, publicKey(rsa), UNKNOWN));
        assertThat(Files.readAllLines(file)).containsExactly(line("10.0.0.5", rsa));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }
}
