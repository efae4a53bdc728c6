package com.speedy.repo.signing;

import com.speedy.process.ProcessResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signs with the real gpg (key imported into a throw-away home) and verifies with the real gpgv. */
class GpgSignerTest {
    private static GnupgHome home;
    private static GeneratedKey key;
    private static Path keyring;

    @BeforeAll
    static void importAGeneratedKeyIntoGpg() throws Exception {
        home = new GnupgHome();
        key = new KeyGenerator().generate("Speedy Releases", "releases@speedy.example");
        keyring = home.write("speedy.gpg", key.publicKeyring());
        ProcessResult imported = home.gpg(key.armoredSecretKey(), "--import");
        assertThat(imported.exitStatus()).as(imported.stdoutText()).isZero();
        assertThat(imported.stdoutText()).contains("secret keys imported: 1");
    }

    @AfterAll
    static void removeHome() throws Exception {
        home.close();
    }

    private static GpgSigner signer() {
        return new GpgSigner(List.of(key.fingerprint()), Optional.of(home.dir()));
    }

    @Test
    void gpgClearSignedInReleaseVerifiesWithTheGeneratedKeyring() throws Exception {
        Path inRelease = home.write("InRelease", signer().clearSign(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(keyring, inRelease);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
        assertThat(gpgv.stdoutText()).contains("Good signature", key.fingerprint().hex());
    }

    @Test
    void gpgDetachedReleaseGpgVerifiesAgainstRelease() throws Exception {
        Path release = home.write("Release", SampleRelease.bytes());
        Path releaseGpg = home.write("Release.gpg", signer().detachedSignature(SampleRelease.bytes()));

        ProcessResult gpgv = home.gpgv(keyring, releaseGpg, release);

        assertThat(gpgv.exitStatus()).as(gpgv.stdoutText()).isZero();
        assertThat(gpgv.stdoutText()).contains("Good signature");
    }

    @Test
    void bouncyCastleShowsTheSignedTextExactlyAsGpgDoes() throws Exception {
        Path secret = home.write("speedy.asc", key.armoredSecretKey());
        String ours = new String(BouncyCastleSigner.fromKeyFiles(List.of(secret), Optional.empty())
                .clearSign(SampleRelease.bytes()), StandardCharsets.UTF_8);
        String gpgs = new String(signer().clearSign(SampleRelease.bytes()), StandardCharsets.UTF_8);

        String marker = "\n-----BEGIN PGP SIGNATURE-----\n";
        assertThat(ours.substring(0, ours.indexOf(marker))).isEqualTo(gpgs.substring(0, gpgs.indexOf(marker)));
    }

    @Test
    void anUnknownKeyFailsWithGpgsOwnExplanation() {
        GpgSigner unknown = new GpgSigner(List.of(KeyFingerprint.parse("0123456789ABCDEF0123456789ABCDEF01234567")),
                Optional.of(home.dir()));

        assertThatThrownBy(() -> unknown.clearSign(SampleRelease.bytes()))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("exit status 2")
                .hasMessageContaining("0123456789ABCDEF0123456789ABCDEF01234567");
    }

    @Test
    void aMissingGpgExecutableIsReported() {
        GpgSigner missing = new GpgSigner("/nonexistent/gpg", List.of(key.fingerprint()), Optional.empty(),
                java.time.Duration.ofSeconds(5));

        assertThatThrownBy(() -> missing.detachedSignature(SampleRelease.bytes()))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("/nonexistent/gpg");
    }

    @Test
    void gpgRunsWithoutAShellAndWithOneLocalUserPerKey() {
        assertThat(signer().command(List.of("--clearsign"))).containsExactly("gpg", "--batch", "--yes", "--no-tty",
                "--homedir", home.dir().toString(), "--local-user", key.fingerprint().hex(),
                "--digest-algo", "SHA512", "--clearsign");
    }
}
