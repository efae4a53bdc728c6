package com.speedy.repo.signing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which signer a repository's Releases get, decided in one place for every adapter (the CLI's {@code --key} and
 * {@code --gpg-key}, the Maven goal's {@code <keys>} and {@code <gpgKeys>}).
 */
public final class ReleaseSigners {
    /** Where {@code repo-tool key generate} writes the secret key, relative to the repository: the default key. */
    public static final String DEFAULT_KEY_FILE = "conf/signing-key.asc";

    private ReleaseSigners() {
    }

    /**
     * An external gpg with {@code gpgKeys} if any are given; otherwise Bouncy Castle with {@code keyFiles}, or with
     * the repository's {@link #DEFAULT_KEY_FILE} when none is given. Key files are loaded and unlocked here, before
     * anything is published, so that a bad key changes nothing.
     *
     * @throws ConflictingSignersException when both key files and gpg keys are given: either could be meant
     * @throws KeyFileException when a key file cannot be used
     */
    public static ReleaseSigner of(Path repository, List<Path> keyFiles, List<KeyFingerprint> gpgKeys)
            throws SigningException {
        if (!gpgKeys.isEmpty() && !keyFiles.isEmpty()) {
            throw new ConflictingSignersException(keyFiles, gpgKeys);
        }
        if (!gpgKeys.isEmpty()) {
            return new GpgSigner(gpgKeys, Optional.empty());
        }
        List<Path> files = keyFiles.isEmpty() ? List.of(repository.resolve(DEFAULT_KEY_FILE)) : keyFiles;
        return BouncyCastleSigner.fromKeyFiles(files, Optional.empty());
    }
}
