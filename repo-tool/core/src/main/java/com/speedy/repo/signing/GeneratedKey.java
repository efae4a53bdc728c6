package com.speedy.repo.signing;

import java.util.Objects;

/**
 * A freshly generated signing key: the armored secret key for the repository's signer, and the public key in the
 * two forms clients use ({@code /etc/apt/keyrings/NAME.gpg} is the binary keyring, {@code .asc} the armored one).
 * Byte arrays are copied in and out so that the value cannot change after creation.
 */
public final class GeneratedKey {
    private final KeyFingerprint fingerprint;
    private final String userId;
    private final byte[] armoredSecretKey;
    private final byte[] publicKeyring;
    private final byte[] armoredPublicKey;

    GeneratedKey(KeyFingerprint fingerprint, String userId, byte[] armoredSecretKey, byte[] publicKeyring,
            byte[] armoredPublicKey) {
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.userId = Objects.requireNonNull(userId);
        this.armoredSecretKey = armoredSecretKey.clone();
        this.publicKeyring = publicKeyring.clone();
        this.armoredPublicKey = armoredPublicKey.clone();
    }

    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    /** "Name &lt;email&gt;". */
    public String userId() {
        return userId;
    }

    /** The secret key as {@code gpg --export-secret-keys --armor} would write it; store it with mode 0600. */
    public byte[] armoredSecretKey() {
        return armoredSecretKey.clone();
    }

    /** The public key as a binary OpenPGP keyring, for {@code signed-by} and {@code gpgv --keyring}. */
    public byte[] publicKeyring() {
        return publicKeyring.clone();
    }

    /** The public key, ASCII-armored. */
    public byte[] armoredPublicKey() {
        return armoredPublicKey.clone();
    }

    @Override
    public String toString() {
        // Deliberately without the secret key.
        return "GeneratedKey[" + fingerprint + ", " + userId + "]";
    }
}
