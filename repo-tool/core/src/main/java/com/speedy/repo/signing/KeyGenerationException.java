package com.speedy.repo.signing;

/** A signing key could not be generated, most often because the name or e-mail address is not usable. */
public final class KeyGenerationException extends SigningException {
    private static final long serialVersionUID = 1L;

    KeyGenerationException(String message) {
        super(message);
    }

    KeyGenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
