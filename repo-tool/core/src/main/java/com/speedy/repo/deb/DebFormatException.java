package com.speedy.repo.deb;

import java.nio.file.Path;
import java.util.Objects;

/** A file that is not a usable .deb; the message names the file and the problem, {@link #reason()} classifies it. */
public final class DebFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Reason {
        /** Not an ar archive, or one whose first member is not {@code debian-binary}. */
        NOT_A_DEB,
        /** {@code debian-binary} is not "2.0\n", or a member's compression is not gz, xz, zst or none. */
        UNSUPPORTED_FORMAT,
        /** The file ends inside an ar header or member. */
        TRUNCATED,
        /** A damaged ar header, compressed stream or tar archive. */
        CORRUPT,
        NO_CONTROL_MEMBER,
        NO_CONTROL_FILE,
        NO_DATA_MEMBER,
        /** The control file is not one well-formed UTF-8 deb822 paragraph. */
        INVALID_CONTROL,
        /** The control file lacks Package, Version or Architecture; {@link #field()} names which. */
        MISSING_FIELD,
        INVALID_VERSION,
        INVALID_PACKAGE_NAME,
        INVALID_ARCHITECTURE
    }

    private final Path file;
    private final Reason reason;
    private final String field;

    DebFormatException(Path file, Reason reason, String problem) {
        this(file, reason, problem, null, null);
    }

    DebFormatException(Path file, Reason reason, String problem, Throwable cause) {
        this(file, reason, problem, null, cause);
    }

    private DebFormatException(Path file, Reason reason, String problem, String field, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
    }

    static DebFormatException missingField(Path file, String field) {
        return new DebFormatException(file, Reason.MISSING_FIELD, "control file has no " + field + " field", field,
                null);
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** The missing control field for {@link Reason#MISSING_FIELD}; empty string for other reasons. */
    public String field() {
        return field == null ? "" : field;
    }
}
