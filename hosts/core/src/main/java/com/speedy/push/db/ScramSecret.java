package com.speedy.push.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A password as PostgreSQL stores it for {@code scram-sha-256} (RFC 5802, RFC 7677): {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}. Sent in {@code ALTER ROLE ... PASSWORD}, it sets the
 * password without the password itself reaching the server, its log ({@code log_statement}) or pg_stat_activity.
 */
public final class ScramSecret {
    /** PostgreSQL's own default ({@code scram_iterations}). */
    static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private ScramSecret() {}

    /** The secret of {@code password} with a fresh random salt. Push's passwords are ASCII, which SASLprep keeps. */
    public static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    /** Whether push can make a secret of {@code password}: printable ASCII without spaces (no SASLprep needed). */
    public static boolean accepts(String password) {
        return !password.isEmpty() && password.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static String of(String password, byte[] salt, int iterations) {
        if (!accepts(password)) {
            throw new IllegalArgumentException("push's passwords are printable ASCII, which needs no SASLprep");
        }
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            return "SCRAM-SHA-256$" + iterations + ":" + BASE64.encodeToString(salt) + "$"
                    + BASE64.encodeToString(storedKey) + ":" + BASE64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256 or HmacSHA256", e);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    }
}
