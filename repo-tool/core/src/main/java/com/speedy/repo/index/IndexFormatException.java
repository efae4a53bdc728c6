package com.speedy.repo.index;

/** A {@code Packages} file that cannot be read back: it was damaged, or not written by this tool. */
public final class IndexFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public IndexFormatException(String message) {
        super(message);
    }
}
