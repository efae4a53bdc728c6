package com.speedy.repo.signing;

import java.util.Objects;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/** One unlocked key that signs: the public half names the issuer in each signature, the private half signs. */
final class SigningKey {
    private final PGPPublicKey publicKey;
    private final PGPPrivateKey privateKey;

    SigningKey(PGPPublicKey publicKey, PGPPrivateKey privateKey) {
        this.publicKey = Objects.requireNonNull(publicKey);
        this.privateKey = Objects.requireNonNull(privateKey);
    }

    PGPPublicKey publicKey() {
        return publicKey;
    }

    PGPPrivateKey privateKey() {
        return privateKey;
    }

    KeyFingerprint fingerprint() {
        return KeyFingerprint.of(publicKey.getFingerprint());
    }

    @Override
    public String toString() {
        return "SigningKey[" + fingerprint() + "]";
    }
}
