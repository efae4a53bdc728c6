package com.speedy.push.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** A public key as people compare keys: its type, its SSH wire form, its fingerprint as {@code ssh-keygen -lf} prints it. */
final class Fingerprint {
    private Fingerprint() {}

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's wire form. */
    static String sha256(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wireForm(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] wireForm(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** e.g. {@code ssh-ed25519}, {@code ssh-rsa} */
    static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }
}
