package com.speedy.repo.signing;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The full fingerprint of an OpenPGP key, upper-case hex. Short and long key IDs are refused: they collide, and a
 * repository signed by the wrong key is worse than one that fails to publish.
 */
public final class KeyFingerprint {
    private static final Pattern HEX = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");

    private final String hex;

    private KeyFingerprint(String hex) {
        this.hex = hex;
    }

    /** Accepts the forms gpg prints: upper or lower case, optionally grouped with spaces, optionally "0x"-prefixed. */
    public static KeyFingerprint parse(String input) {
        if (input == null) {
            throw new InvalidFingerprintException("null");
        }
        String compact = input.replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.startsWith("0X")) {
            compact = compact.substring(2);
        }
        if (!HEX.matcher(compact).matches()) {
            throw new InvalidFingerprintException(input);
        }
        return new KeyFingerprint(compact);
    }

    static KeyFingerprint of(byte[] fingerprint) {
        return parse(HexFormat.of().formatHex(fingerprint));
    }

    public String hex() {
        return hex;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyFingerprint that && hex.equals(that.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return hex;
    }
}
