package com.speedy.debian;

/** An architecture a binary package cannot have; carries the text. */
public final class InvalidArchitectureException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String architecture;

    InvalidArchitectureException(String architecture, String problem) {
        super("invalid Debian architecture '" + architecture + "': " + problem);
        this.architecture = architecture;
    }

    /** The text that was rejected, exactly as given. */
    public String architecture() {
        return architecture;
    }
}
