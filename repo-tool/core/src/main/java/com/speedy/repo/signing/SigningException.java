package com.speedy.repo.signing;

/**
 * Signing a Release file, loading a signing key or generating one failed. Messages name the file or tool involved
 * and never contain key material or passphrases; adapters add the fix in their own words.
 */
public class SigningException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
