package com.speedy.repo.signing;

import java.nio.file.Path;
import java.util.Objects;

/** A secret-key file could not be used for signing; {@link #file()} and {@link #reason()} say which and why. */
public final class KeyFileException extends SigningException {
    private static final long serialVersionUID = 1L;

    /** Why the key file was rejected, so that an adapter can suggest the right fix. */
    public enum Reason {
        UNREADABLE,
        NOT_AN_ARMORED_SECRET_KEY,
        PUBLIC_KEY_ONLY,
        NOT_EXACTLY_ONE_KEY,
        NO_SIGNING_KEY,
        SECRET_PART_MISSING,
        PASSPHRASE_REQUIRED,
        WRONG_PASSPHRASE
    }

    private final transient Path file;
    private final Reason reason;

    KeyFileException(Path file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    KeyFileException(Path file, Reason reason, String detail, Throwable cause) {
        super("secret key file " + file + ": " + detail, cause);
        this.file = Objects.requireNonNull(file);
        this.reason = Objects.requireNonNull(reason);
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
