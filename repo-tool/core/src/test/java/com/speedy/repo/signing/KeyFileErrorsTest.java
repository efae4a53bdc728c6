package com.speedy.repo.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.repo.signing.KeyFileException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileErrorsTest {
    private static final String PASSPHRASE = "s3cret-passphrase";
    private static GeneratedKey plain;
    private static GeneratedKey protectedKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() throws Exception {
        plain = new KeyGenerator().generate("Speedy Releases", "releases@speedy.example");
        protectedKey = new KeyGenerator().generate("Speedy Releases", "releases@speedy.example",
                Optional.of(PASSPHRASE.toCharArray()));
    }

    private static KeyFileException load(Path file, Optional<char[]> passphrase) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> BouncyCastleSigner.fromKeyFiles(List.of(file), passphrase));
        assertThat(thrown).isInstanceOf(KeyFileException.class);
        KeyFileException e = (KeyFileException) thrown;
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.getMessage()).contains(file.toString())
                .doesNotContain(PASSPHRASE).doesNotContain("PRIVATE KEY BLOCK-----\n");
        return e;
    }

    @Test
    void aMissingKeyFileIsNamed() {
        assertThat(load(dir.resolve("missing.asc"), Optional.empty()).reason()).isEqualTo(Reason.UNREADABLE);
    }

    @Test
    void aFileThatIsNotAKeyIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "Origin: Speedy\n");
        assertThat(load(file, Optional.empty()).reason()).isEqualTo(Reason.NOT_AN_ARMORED_SECRET_KEY);
    }

    @Test
    void aBinarySecretKeyIsRefusedAsNotArmored() throws Exception {
        Path file = Files.write(dir.resolve("binary.gpg"), plain.publicKeyring());
        assertThat(load(file, Optional.empty()).reason()).isEqualTo(Reason.NOT_AN_ARMORED_SECRET_KEY);
    }

    @Test
    void aPublicKeyIsRefusedWithAHintToExportTheSecretKey() throws Exception {
        Path file = Files.write(dir.resolve("public.asc"), plain.armoredPublicKey());
        KeyFileException e = load(file, Optional.empty());
        assertThat(e.reason()).isEqualTo(Reason.PUBLIC_KEY_ONLY);
        assertThat(e.getMessage()).contains("--export-secret-keys");
    }

    @Test
    void aCorruptArmoredKeyIsNamed() throws Exception {
        String armored = new String(plain.armoredSecretKey(), StandardCharsets.US_ASCII);
        Path file = Files.writeString(dir.resolve("corrupt.asc"),
                armored.substring(0, armored.indexOf("\n\n") + 2) + "AAAAAAAA\n-----END PGP PRIVATE KEY BLOCK-----\n");
        assertThat(load(file, Optional.empty()).reason()).isEqualTo(Reason.NOT_AN_ARMORED_SECRET_KEY);
    }

    @Test
    void aProtectedKeyWithoutAPassphraseIsNamed() throws Exception {
        Path file = Files.write(dir.resolve("protected.asc"), protectedKey.armoredSecretKey());
        assertThat(load(file, Optional.empty()).reason()).isEqualTo(Reason.PASSPHRASE_REQUIRED);
    }

    @Test
    void aProtectedKeyWithTheWrongPassphraseIsNamed() throws Exception {
        Path file = Files.write(dir.resolve("protected.asc"), protectedKey.armoredSecretKey());
        assertThat(load(file, Optional.of("wrong".toCharArray())).reason()).isEqualTo(Reason.WRONG_PASSPHRASE);
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        byte[] one = plain.armoredSecretKey();
        byte[] two = protectedKey.armoredSecretKey();
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        Path file = Files.write(dir.resolve("two.asc"), both);
        // Bouncy Castle alone would read only the first armor block and sign with one key without a word.
        assertThat(load(file, Optional.empty()).reason()).isEqualTo(Reason.NOT_EXACTLY_ONE_KEY);
    }

    @Test
    void anInvalidEmailAddressIsRefusedWhenGenerating() {
        assertThatThrownBy(() -> new KeyGenerator().generate("Speedy", "not an address"))
                .isInstanceOf(KeyGenerationException.class)
                .hasMessageContaining("not an address");
    }
}
