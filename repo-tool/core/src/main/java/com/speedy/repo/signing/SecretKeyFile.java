package com.speedy.repo.signing;

import com.speedy.repo.signing.KeyFileException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Reads one armored secret-key file (as {@code gpg --export-secret-keys --armor} writes it) and unlocks the key that
 * signs. Like gpg, it prefers the newest valid signing subkey and falls back to the primary key.
 */
final class SecretKeyFile {
    private static final String SECRET_ARMOR = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
    private static final String PUBLIC_ARMOR = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private SecretKeyFile() {
    }

    static SigningKey load(Path file, Optional<char[]> passphrase, Instant now) throws KeyFileException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            // The exception's class says enough (NoSuchFileException, AccessDeniedException); keep the message ours.
            throw new KeyFileException(file, Reason.UNREADABLE,
                    "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return unlock(file, onlyKeyRing(file, content), passphrase, now);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static PGPSecretKeyRing onlyKeyRing(Path file, byte[] content) throws KeyFileException {
        String firstLine = firstNonBlankLine(content);
        if (firstLine.equals(PUBLIC_ARMOR)) {
            throw new KeyFileException(file, Reason.PUBLIC_KEY_ONLY,
                    "holds a public key, not a secret key (export it with gpg --export-secret-keys --armor)");
        }
        if (!firstLine.equals(SECRET_ARMOR)) {
            throw new KeyFileException(file, Reason.NOT_AN_ARMORED_SECRET_KEY,
                    "is not an armored OpenPGP secret key (expected a file starting with " + SECRET_ARMOR + ")");
        }
        long armorBlocks = new String(content, StandardCharsets.US_ASCII).lines()
                .filter(line -> line.strip().startsWith("-----BEGIN PGP ")).count();
        if (armorBlocks > 1) {
            // Bouncy Castle would silently read only the first block; signing with a surprise subset is worse.
            throw new KeyFileException(file, Reason.NOT_EXACTLY_ONE_KEY,
                    "holds " + armorBlocks + " armored blocks; put exactly one secret key in each file");
        }
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        try {
            PGPSecretKeyRingCollection collection = new PGPSecretKeyRingCollection(
                    PGPUtil.getDecoderStream(new ByteArrayInputStream(content)), new BcKeyFingerprintCalculator());
            collection.getKeyRings().forEachRemaining(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            // Bouncy Castle's messages may quote packet contents; name the failure only by its type.
            throw new KeyFileException(file, Reason.NOT_AN_ARMORED_SECRET_KEY,
                    "could not be parsed as an OpenPGP secret key (" + e.getClass().getSimpleName() + ")", e);
        }
        if (rings.size() != 1) {
            throw new KeyFileException(file, Reason.NOT_EXACTLY_ONE_KEY,
                    "holds " + rings.size() + " secret keys; put exactly one key in each file");
        }
        return rings.get(0);
    }

    private static SigningKey unlock(Path file, PGPSecretKeyRing ring, Optional<char[]> passphrase, Instant now)
            throws KeyFileException {
        List<PGPSecretKey> candidates = signingCandidates(ring, now);
        if (candidates.isEmpty()) {
            throw new KeyFileException(file, Reason.NO_SIGNING_KEY,
                    "has no valid key that may sign (key flags, revocation or expiry)");
        }
        Optional<PGPSecretKey> present = candidates.stream().filter(k -> !k.isPrivateKeyEmpty()).findFirst();
        if (present.isEmpty()) {
            throw new KeyFileException(file, Reason.SECRET_PART_MISSING,
                    "holds only a stub of the signing key (is it on a smartcard? sign with gpg instead)");
        }
        PGPSecretKey secretKey = present.get();
        boolean encrypted = secretKey.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
        if (encrypted && passphrase.isEmpty()) {
            throw new KeyFileException(file, Reason.PASSPHRASE_REQUIRED,
                    "is protected by a passphrase, and none was given");
        }
        PGPPrivateKey privateKey;
        try {
            PBESecretKeyDecryptor decryptor = encrypted
                    ? new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase.get())
                    : null;
            privateKey = secretKey.extractPrivateKey(decryptor);
        } catch (PGPException | RuntimeException e) {
            throw new KeyFileException(file, Reason.WRONG_PASSPHRASE,
                    encrypted ? "could not be unlocked: wrong passphrase"
                            : "could not be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return new SigningKey(secretKey.getPublicKey(), privateKey);
    }

    /** Signing-capable, unrevoked, unexpired keys, best first: subkeys newest first, then the primary key. */
    private static List<PGPSecretKey> signingCandidates(PGPSecretKeyRing ring, Instant now) {
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.hasRevocation() || isExpired(primary, now)) {
            return List.of();
        }
        List<PGPSecretKey> subkeys = new ArrayList<>();
        PGPSecretKey primarySecret = null;
        for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
            PGPSecretKey key = it.next();
            PGPPublicKey pub = key.getPublicKey();
            if (!algorithmSigns(pub.getAlgorithm()) || pub.hasRevocation() || isExpired(pub, now)) {
                continue;
            }
            if (key.isMasterKey()) {
                if (primaryMaySign(pub)) {
                    primarySecret = key;
                }
            } else if ((flagsOf(pub, PGPSignature.SUBKEY_BINDING) & KeyFlags.SIGN_DATA) != 0) {
                subkeys.add(key);
            }
        }
        subkeys.sort(Comparator.comparing((PGPSecretKey k) -> k.getPublicKey().getCreationTime()).reversed());
        if (primarySecret != null) {
            subkeys.add(primarySecret);
        }
        return subkeys;
    }

    private static boolean primaryMaySign(PGPPublicKey primary) {
        int flags = -1;
        for (Iterator<PGPSignature> it = primary.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            if (sig.getKeyID() == primary.getKeyID() && sig.getHashedSubPackets() != null
                    && sig.getHashedSubPackets().getKeyFlags() != 0) {
                flags = Math.max(flags, 0) | sig.getHashedSubPackets().getKeyFlags();
            }
        }
        // Old keys carry no key-flags subpacket; then a signing algorithm is enough, as gpg assumes too.
        return flags == -1 || (flags & KeyFlags.SIGN_DATA) != 0;
    }

    private static int flagsOf(PGPPublicKey key, int signatureType) {
        int flags = 0;
        for (Iterator<PGPSignature> it = key.getSignaturesOfType(signatureType); it.hasNext(); ) {
            PGPSignature sig = it.next();
            if (sig.getHashedSubPackets() != null) {
                flags |= sig.getHashedSubPackets().getKeyFlags();
            }
        }
        return flags;
    }

    private static boolean isExpired(PGPPublicKey key, Instant now) {
        long validSeconds = key.getValidSeconds();
        return validSeconds > 0
                && key.getCreationTime().getTime() + validSeconds * 1000 < now.toEpochMilli();
    }

    @SuppressWarnings("deprecation") // EDDSA and ELGAMAL_GENERAL: old tags still found in real keyrings
    private static boolean algorithmSigns(int algorithm) {
        switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL:
            case PublicKeyAlgorithmTags.RSA_SIGN:
            case PublicKeyAlgorithmTags.DSA:
            case PublicKeyAlgorithmTags.ECDSA:
            case PublicKeyAlgorithmTags.EDDSA_LEGACY:
            case PublicKeyAlgorithmTags.Ed25519:
            case PublicKeyAlgorithmTags.Ed448:
                return true;
            default:
                return false;
        }
    }

    private static String firstNonBlankLine(byte[] content) {
        // Only the armor line is needed; decode a bounded prefix so that a large binary file is not copied whole.
        String prefix = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII);
        return prefix.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
