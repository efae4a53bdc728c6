package com.speedy.repo.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Creates a repository signing key: one primary key that certifies and signs, no expiry, no subkeys. One key keeps
 * the client side simple (one fingerprint in {@code signed-by}); rotation is done by signing with old and new keys.
 */
public final class KeyGenerator {
    private final KeyAlgorithm algorithm;
    private final Clock clock;
    private final SecureRandom random;

    /** Ed25519, dated now. */
    public KeyGenerator() {
        this(KeyAlgorithm.ED25519, Clock.systemUTC(), new SecureRandom());
    }

    public KeyGenerator(KeyAlgorithm algorithm, Clock clock, SecureRandom random) {
        this.algorithm = Objects.requireNonNull(algorithm);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /** A key without a passphrase: the secret file's mode (0600) is its protection. */
    public GeneratedKey generate(String name, String email) throws KeyGenerationException {
        return generate(name, email, Optional.empty());
    }

    /** As {@link #generate(String, String)}, encrypting the secret key with the passphrase (AES-256) if given. */
    public GeneratedKey generate(String name, String email, Optional<char[]> passphrase)
            throws KeyGenerationException {
        String userId = userId(name, email);
        // Whole seconds: OpenPGP stores seconds, and a key dated later than a signature makes gpgv complain.
        Date created = Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        try {
            PGPKeyPair keyPair = keyPair(created);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false,
                    new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
            hashed.setPreferredSymmetricAlgorithms(false,
                    new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            hashed.setIssuerFingerprint(false, keyPair.getPublicKey());

            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    keyPair,
                    userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), // secret-key checksum (RFC 4880)
                    hashed.generate(),
                    null,
                    new BcPGPContentSignerBuilder(keyPair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
                    encryptor(passphrase));
            PGPSecretKeyRing secret = rings.generateSecretKeyRing();
            PGPPublicKeyRing pub = rings.generatePublicKeyRing();
            byte[] keyring = pub.getEncoded();
            return new GeneratedKey(KeyFingerprint.of(pub.getPublicKey().getFingerprint()), userId,
                    armor(secret.getEncoded()), keyring, armor(keyring));
        } catch (PGPException | IOException e) {
            throw new KeyGenerationException("generating a " + algorithm + " key for " + userId + " failed", e);
        }
    }

    private PGPKeyPair keyPair(Date created) throws PGPException {
        switch (algorithm) {
            case ED25519: {
                Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
                generator.init(new Ed25519KeyGenerationParameters(random));
                AsymmetricCipherKeyPair pair = generator.generateKeyPair();
                // EDDSA_LEGACY (22), not the RFC 9580 Ed25519 (27) that gpg 2.2 cannot read.
                return new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, pair, created);
            }
            case RSA_4096: {
                RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
                generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 4096, 112));
                return new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), created);
            }
            default:
                throw new IllegalStateException("unhandled key algorithm " + algorithm);
        }
    }

    private PBESecretKeyEncryptor encryptor(Optional<char[]> passphrase) throws PGPException {
        if (passphrase.isEmpty()) {
            return null; // Bouncy Castle's way of saying "store the secret key unencrypted"
        }
        return new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0xc0)
                .setSecureRandom(random)
                .build(passphrase.get());
    }

    private static String userId(String name, String email) throws KeyGenerationException {
        if (name == null || name.isBlank() || name.chars().anyMatch(c -> c == '<' || c == '>' || c < 0x20)) {
            throw new KeyGenerationException("invalid key owner name '" + name
                    + "': it must be non-blank, without '<', '>' or control characters");
        }
        if (email == null || !email.matches("[^\\s<>@]+@[^\\s<>@]+")) {
            throw new KeyGenerationException("invalid e-mail address '" + email + "'");
        }
        return name.strip() + " <" + email + ">";
    }

    @SuppressWarnings("deprecation") // clearHeaders: the non-deprecated Builder is not public in 1.79
    private static byte[] armor(byte[] packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArmoredOutputStream armored = new ArmoredOutputStream(out);
        armored.clearHeaders();
        armored.write(packets);
        armored.close();
        return out.toByteArray();
    }
}
