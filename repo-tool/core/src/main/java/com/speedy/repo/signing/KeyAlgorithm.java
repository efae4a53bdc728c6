package com.speedy.repo.signing;

/** The kinds of signing key {@link KeyGenerator} makes. */
public enum KeyAlgorithm {
    /** EdDSA over Curve25519 in the v4 "legacy" encoding that gpg 2.2 (Debian 12) reads. Small and fast. */
    ED25519,
    /** RSA with a 4096-bit modulus, for clients whose policy asks for RSA. Slow to generate (seconds). */
    RSA_4096
}
