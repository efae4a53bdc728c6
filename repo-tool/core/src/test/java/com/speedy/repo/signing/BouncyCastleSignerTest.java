package com.speedy.repo.signing;

import com.speedy.process.ProcessResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signs with Bouncy Castle and verifies with the real gpgv, the way apt does. */
class BouncyCastleSignerTest {
    private static GnupgHome home;
    private static GeneratedKey first;
    private static GeneratedKey second;
    private static Path firstSecret;
    private static Path secondSecret;
    private static Path firstKeyring;
    private static Path secondKeyring;

    @BeforeAll
    static void generateTwoKeys() throws Exception {
        home = new GnupgHome();
        KeyGenerator generator = new KeyGenerator();
        first = generator.generate("Speedy Releases", "releases@speedy.example");
        second = generator.generate("Speedy Releases 2027", "releases@speedy.example");
        firstSecret = home.write("first.asc", first.armoredSecretKey());
        secondSecret = home.write("second.asc", second.armoredSecretKey());
        firstKeyring = home.write("first.gpg", first.publicKeyring());
        secondKeyring = home.write("second.gpg", second.publicKeyring());
    }

    @AfterAll
    static void removeHome() throws Exception {
        home.close();
    }

    @Test
    void inReleaseVerifiesWithGpgvAndTheGeneratedKeyring() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret), Optional.empty());
        Path inRelease = home.write("InRelease", signer.clearSign(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(firstKeyring, inRelease);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
        assertThat(gpgv.stdoutText()).contains("Good signature from \"Speedy Releases <releases@speedy.example>\"");
    }

    @Test
    void inReleaseShowsTheTextDashEscapedWithItsTrailingSpacesAndASha512Header() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret), Optional.empty());
        String inRelease = new String(signer.clearSign(SampleRelease.bytes()), StandardCharsets.UTF_8);

        assertThat(inRelease)
                .startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Speedy\n")
                .contains("\n- -----BEGIN PGP SIGNATURE----- (a line")
                .contains("\nDescription: Speedy release packages    \n")
                .contains("main/binary-all/Packages\n-----BEGIN PGP SIGNATURE-----\n\n")
                .endsWith("-----END PGP SIGNATURE-----\n")
                .doesNotContain("Version:");
    }

    @Test
    void releaseGpgVerifiesAgainstReleaseWithGpgv() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret), Optional.empty());
        Path release = home.write("Release", SampleRelease.bytes());
        Path releaseGpg = home.write("Release.gpg", signer.detachedSignature(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(firstKeyring, releaseGpg, release);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
        assertThat(gpgv.stdoutText()).contains("Good signature");
        assertThat(new String(signer.detachedSignature(SampleRelease.bytes()), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PGP SIGNATURE-----\n");
    }

    @Test
    void aReleaseWithOneByteChangedFailsGpgv() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret), Optional.empty());
        byte[] inRelease = signer.clearSign(SampleRelease.bytes());
        byte[] releaseGpg = signer.detachedSignature(SampleRelease.bytes());
        String tamperedText = SampleRelease.TEXT.replace("1234 main", "1235 main");

        Path tamperedInRelease = home.write("InRelease.tampered", new String(inRelease, StandardCharsets.UTF_8)
                .replace("1234 main", "1235 main").getBytes(StandardCharsets.UTF_8));
        Path tamperedRelease = home.write("Release.tampered", tamperedText.getBytes(StandardCharsets.UTF_8));
        Path signature = home.write("Release.tampered.gpg", releaseGpg);

        ProcessResult clearSigned = home.gpgv(firstKeyring, tamperedInRelease);
        ProcessResult detached = home.gpgv(firstKeyring, signature, tamperedRelease);

        assertThat(clearSigned.exitStatus()).as(clearSigned.stdoutText()).isNotZero();
        assertThat(clearSigned.stdoutText()).contains("BAD signature").doesNotContain("Good signature");
        assertThat(detached.exitStatus()).as(detached.stdoutText()).isNotZero();
        assertThat(detached.stdoutText()).contains("BAD signature").doesNotContain("Good signature");
    }

    @Test
    void trailingWhitespaceChangesDoNotBreakTheClearSignatureAsRfc4880Says() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret), Optional.empty());
        String inRelease = new String(signer.clearSign(SampleRelease.bytes()), StandardCharsets.UTF_8);
        Path edited = home.write("InRelease.ws", inRelease.replace("packages    \n", "packages\n")
                .getBytes(StandardCharsets.UTF_8));

        ProcessResult gpgv = home.gpgv(firstKeyring, edited);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
    }

    @Test
    void twoKeysEachSignAndGpgvAcceptsWithEitherKeyringAlone() throws Exception {
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(firstSecret, secondSecret),
                Optional.empty());
        Path inRelease = home.write("InRelease.two", signer.clearSign(SampleRelease.bytes()));
        Path release = home.write("Release.two", SampleRelease.bytes());
        Path releaseGpg = home.write("Release.two.gpg", signer.detachedSignature(SampleRelease.bytes()));

        assertThat(signer.fingerprints()).containsExactly(first.fingerprint(), second.fingerprint());
        for (Path keyring : List.of(firstKeyring, secondKeyring)) {
            for (ProcessResult gpgv : List.of(home.gpgv(keyring, inRelease), home.gpgv(keyring, releaseGpg, release))) {
                // gpgv itself exits 2 here ("Can't check signature: No public key" for the other key); apt's gpgv
                // method reads the status lines instead and accepts one GOODSIG with NO_PUBKEY and no BADSIG.
                assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isEqualTo(2);
                assertThat(gpgv.stdoutText()).containsOnlyOnce("Good signature")
                        .containsOnlyOnce("No public key")
                        .doesNotContain("BAD signature");
            }
        }
        byte[] both = new byte[first.publicKeyring().length + second.publicKeyring().length];
        System.arraycopy(first.publicKeyring(), 0, both, 0, first.publicKeyring().length);
        System.arraycopy(second.publicKeyring(), 0, both, first.publicKeyring().length, second.publicKeyring().length);
        ProcessResult withBoth = home.gpgv(home.write("both.gpg", both), inRelease);
        assertThat(withBoth.exitStatus()).as(withBoth.stdoutText()).isZero();
        assertThat(withBoth.stdoutText().split("Good signature", -1)).hasSize(3);
    }

    @Test
    void anRsa4096KeySignsAReleaseThatGpgvAccepts() throws Exception {
        GeneratedKey rsa = new KeyGenerator(KeyAlgorithm.RSA_4096, Clock.systemUTC(), new SecureRandom())
                .generate("Speedy RSA", "rsa@speedy.example");
        Path secret = home.write("rsa.asc", rsa.armoredSecretKey());
        Path keyring = home.write("rsa.gpg", rsa.publicKeyring());
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(secret), Optional.empty());
        Path inRelease = home.write("InRelease.rsa", signer.clearSign(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(keyring, inRelease);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
        assertThat(gpgv.stdoutText()).contains("using RSA key " + rsa.fingerprint().hex(), "Good signature");
    }

    @Test
    void aPassphraseProtectedKeySignsWhenGivenItsPassphrase() throws Exception {
        GeneratedKey protectedKey = new KeyGenerator().generate("Speedy Protected", "p@speedy.example",
                Optional.of("correct horse".toCharArray()));
        Path secret = home.write("protected.asc", protectedKey.armoredSecretKey());
        Path keyring = home.write("protected.gpg", protectedKey.publicKeyring());
        BouncyCastleSigner signer = BouncyCastleSigner.fromKeyFiles(List.of(secret),
                Optional.of("correct horse".toCharArray()));
        Path inRelease = home.write("InRelease.protected", signer.clearSign(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(keyring, inRelease);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
    }
}
