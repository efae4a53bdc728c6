package com.speedy.repo.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSignersTest {
    private static final KeyFingerprint GPG_KEY = KeyFingerprint.parse("AB".repeat(20));

    @TempDir
    Path repository;

    @Test
    void withoutKeysTheRepositorysOwnKeyFileSigns() throws Exception {
        KeyFingerprint own = secretKeyIn(repository.resolve(ReleaseSigners.DEFAULT_KEY_FILE));

        ReleaseSigner signer = ReleaseSigners.of(repository, List.of(), List.of());

        assertThat(signer).isInstanceOf(BouncyCastleSigner.class);
        assertThat(((BouncyCastleSigner) signer).fingerprints()).containsExactly(own);
    }

    @Test
    void withoutKeysAMissingRepositoryKeyFileIsNamed() {
        assertThatThrownBy(() -> ReleaseSigners.of(repository, List.of(), List.of()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(repository.resolve("conf/signing-key.asc").toString());
    }

    @Test
    void givenKeyFilesSignInsteadOfTheRepositorysOwn() throws Exception {
        secretKeyIn(repository.resolve(ReleaseSigners.DEFAULT_KEY_FILE));
        Path rotated = repository.resolve("rotated.asc");
        KeyFingerprint given = secretKeyIn(rotated);

        ReleaseSigner signer = ReleaseSigners.of(repository, List.of(rotated), List.of());

        assertThat(((BouncyCastleSigner) signer).fingerprints()).containsExactly(given);
    }

    @Test
    void givenGpgKeysTheExternalGpgSigns() throws Exception {
        assertThat(ReleaseSigners.of(repository, List.of(), List.of(GPG_KEY))).isInstanceOf(GpgSigner.class);
    }

    @Test
    void keyFilesAndGpgKeysTogetherAreRefused() throws Exception {
        Path file = repository.resolve("key.asc");
        secretKeyIn(file);

        assertThatThrownBy(() -> ReleaseSigners.of(repository, List.of(file), List.of(GPG_KEY)))
                .isInstanceOf(ConflictingSignersException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(GPG_KEY.hex());
    }

    private static KeyFingerprint secretKeyIn(Path file) throws Exception {
        GeneratedKey key = new KeyGenerator().generate("Speedy Releases", "releases@speedy.example");
        Files.createDirectories(file.getParent());
        Files.write(file, key.armoredSecretKey());
        return key.fingerprint();
    }
}
