package com.speedy.repo.signing;

import java.nio.file.Path;
import java.util.List;

/** Both secret-key files and gpg keys were given to sign with; the adapter names its two options. */
public final class ConflictingSignersException extends SigningException {
    private static final long serialVersionUID = 1L;

    ConflictingSignersException(List<Path> keyFiles, List<KeyFingerprint> gpgKeys) {
        super("both secret key files " + keyFiles + " and gpg keys " + gpgKeys
                + " were given; a repository is signed by one or the other");
    }
}
