package com.speedy.push.db;

import java.security.SecureRandom;
import java.util.Base64;

/** The passwords push makes for the roles it creates: 192 random bits, in an alphabet no file or SQL needs to quote. */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** 32 characters of base64url: letters, digits, {@code -} and {@code _}. */
    public static String generate() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
