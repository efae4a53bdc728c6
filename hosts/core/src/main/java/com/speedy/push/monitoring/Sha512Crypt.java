package com.speedy.push.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SHA-512 crypt ({@code $6$SALT$HASH}, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512"), as glibc's and
 * libxcrypt's crypt(3) make and check it: what nginx's {@code auth_basic_user_file} takes on Debian. Made here so that
 * the password never leaves this machine; only the hash goes to the host. 5000 rounds, crypt's default: nginx checks
 * the hash at every request, and a Munin page asks for dozens of graphs.
 */
final class Sha512Crypt {
    private static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ROUNDS = 5000;
    private static final int SALT_LENGTH = 16;
    /** A hash of the default rounds: {@code $6$SALT$HASH}, the salt up to 16 characters. */
    private static final Pattern HASH = Pattern.compile("\\$6\\$([^$]{1,16})\\$[./0-9A-Za-z]{86}");
    /** The byte order of the 64-byte digest in the hash, three bytes (four characters) at a time. */
    private static final int[] ORDER = {
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51,
        31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40,
        61, 19, 62, 20, 41};

    private Sha512Crypt() {}

    /** A new hash of {@code password}, with a random salt. */
    static String hash(byte[] password, SecureRandom random) {
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < SALT_LENGTH; i++) {
            salt.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return hash(password, salt.toString());
    }

    /** Whether {@code hash} (of the default rounds) is {@code password}'s; false for any other form. */
    static boolean matches(byte[] password, String hash) {
        Matcher m = HASH.matcher(hash);
        return m.matches() && MessageDigest.isEqual(hash(password, m.group(1)).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(byte[] key, String salt) {
        byte[] s = salt.getBytes(StandardCharsets.US_ASCII);
        MessageDigest b = sha512();
        b.update(key);
        b.update(s);
        b.update(key);
        byte[] digestB = b.digest();

        MessageDigest a = sha512();
        a.update(key);
        a.update(s);
        int cnt;
        for (cnt = key.length; cnt > 64; cnt -= 64) {
            a.update(digestB);
        }
        a.update(digestB, 0, cnt);
        for (cnt = key.length; cnt > 0; cnt >>= 1) {
            if ((cnt & 1) != 0) {
                a.update(digestB);
            } else {
                a.update(key);
            }
        }
        byte[] digestA = a.digest();

        MessageDigest dp = sha512();
        for (int i = 0; i < key.length; i++) {
            dp.update(key);
        }
        byte[] p = repeat(dp.digest(), key.length);

        MessageDigest ds = sha512();
        for (int i = 0; i < 16 + (digestA[0] & 0xff); i++) {
            ds.update(s);
        }
        byte[] sBytes = repeat(ds.digest(), s.length);

        byte[] c = digestA;
        for (int i = 0; i < ROUNDS; i++) {
            MessageDigest round = sha512();
            round.update((i & 1) != 0 ? p : c);
            if (i % 3 != 0) {
                round.update(sBytes);
            }
            if (i % 7 != 0) {
                round.update(p);
            }
            round.update((i & 1) != 0 ? c : p);
            c = round.digest();
        }

        StringBuilder out = new StringBuilder("$6$").append(salt).append('$');
        for (int i = 0; i < ORDER.length; i += 3) {
            base64(out, c[ORDER[i]], c[ORDER[i + 1]], c[ORDER[i + 2]], 4);
        }
        base64(out, (byte) 0, (byte) 0, c[63], 2);
        return out.toString();
    }

    private static void base64(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(ALPHABET.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    /** {@code digest} repeated to {@code length} bytes. */
    private static byte[] repeat(byte[] digest, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = digest[i % digest.length];
        }
        return out;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
