package com.speedy.repo.signing;

/** A string that should name an OpenPGP key by its full fingerprint does not. */
public final class InvalidFingerprintException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidFingerprintException(String input) {
        super("not an OpenPGP fingerprint (40 or 64 hex digits): '" + input + "'");
        this.input = input;
    }

    public String input() {
        return input;
    }
}
