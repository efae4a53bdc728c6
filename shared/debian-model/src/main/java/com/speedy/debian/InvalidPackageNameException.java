package com.speedy.debian;

/** A package name Debian Policy 5.6.1 does not allow; carries the text. */
public final class InvalidPackageNameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String name;

    InvalidPackageNameException(String name, String problem) {
        super("invalid Debian package name '" + name + "': " + problem);
        this.name = name;
    }

    /** The text that was rejected, exactly as given. */
    public String name() {
        return name;
    }
}
