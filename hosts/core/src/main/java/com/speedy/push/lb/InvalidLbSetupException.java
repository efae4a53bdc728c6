package com.speedy.push.lb;

/** The inventory cannot make a load balancer's pool: the message says what to change in which file. */
public final class InvalidLbSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidLbSetupException(String message) {
        super(message);
    }
}
