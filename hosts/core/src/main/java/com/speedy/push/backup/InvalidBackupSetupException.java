package com.speedy.push.backup;

/** The inventory does not describe a backup push can set up; the message says what to change, and where. */
public final class InvalidBackupSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidBackupSetupException(String message) {
        super(message);
    }
}
