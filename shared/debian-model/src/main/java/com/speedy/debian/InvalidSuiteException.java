package com.speedy.debian;

/** A suite name that is not a folder name apt and this repository accept; carries the text. */
public final class InvalidSuiteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String name;

    InvalidSuiteException(String name) {
        super("\"" + name + "\" is not a suite name (lower-case letters, digits, '.', '+', '-')");
        this.name = name;
    }

    /** The text that was rejected, exactly as given. */
    public String name() {
        return name;
    }
}
