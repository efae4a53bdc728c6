package com.speedy.debian;

/** A Debian version string that Debian Policy 5.6.12 does not allow; carries the text and what is wrong with it. */
public final class InvalidVersionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String version;
    private final String problem;

    InvalidVersionException(String version, String problem) {
        super("invalid Debian version '" + version + "': " + problem);
        this.version = version;
        this.problem = problem;
    }

    /** The text that was rejected, exactly as given. */
    public String version() {
        return version;
    }

    /** What is wrong with it, e.g. "revision is empty". */
    public String problem() {
        return problem;
    }
}
