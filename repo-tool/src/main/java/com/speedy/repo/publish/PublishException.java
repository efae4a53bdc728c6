package com.speedy.repo.publish;

/** Why a repository operation refused to run; the repository is left exactly as it was. */
public class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
