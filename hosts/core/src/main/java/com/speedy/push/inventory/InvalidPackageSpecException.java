package com.speedy.push.inventory;

/** Text that is not {@code NAME} or {@code NAME=VERSION} under Debian's rules; carries the text and the reason. */
public final class InvalidPackageSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String spec;

    /** {@code reason} names the bad part itself: "invalid Debian version '': version is empty". */
    InvalidPackageSpecException(String spec, String reason) {
        super(reason);
        this.spec = spec;
    }

    /** The text that was rejected, exactly as given. */
    public String spec() {
        return spec;
    }
}
