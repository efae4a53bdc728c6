package com.speedy.push.db;

/** The inventory does not describe a pair to switch over or fail over: its db group, or the target, is wrong. */
public final class InvalidPairException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidPairException(String message) {
        super(message);
    }
}
