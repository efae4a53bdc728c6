package com.speedy.repo.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * Signs Release files in-process with Bouncy Castle, from armored secret-key files. With several keys (a key
 * rotation in progress) every output carries one signature per key, and apt accepts it with any one of them.
 */
public final class BouncyCastleSigner implements ReleaseSigner {
    // apt refuses SHA-1; SHA-512 is what gpg picks for modern keys and what every apt since stretch accepts.
    private static final int HASH = HashAlgorithmTags.SHA512;

    private final List<SigningKey> keys;
    private final Clock clock;

    private BouncyCastleSigner(List<SigningKey> keys, Clock clock) {
        this.keys = List.copyOf(keys);
        this.clock = clock;
    }

    /**
     * Loads and unlocks one key per file. The passphrase (the same for every file) is only read, never kept or
     * cleared: it stays the caller's to wipe.
     */
    public static BouncyCastleSigner fromKeyFiles(List<Path> keyFiles, Optional<char[]> passphrase)
            throws KeyFileException {
        return fromKeyFiles(keyFiles, passphrase, Clock.systemUTC());
    }

    /** As {@link #fromKeyFiles(List, Optional)}, with the clock that dates signatures and checks key expiry. */
    public static BouncyCastleSigner fromKeyFiles(List<Path> keyFiles, Optional<char[]> passphrase, Clock clock)
            throws KeyFileException {
        Objects.requireNonNull(passphrase, "passphrase");
        if (keyFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one secret key file is needed");
        }
        List<SigningKey> keys = new ArrayList<>();
        for (Path file : keyFiles) {
            keys.add(SecretKeyFile.load(file, passphrase, clock.instant()));
        }
        return new BouncyCastleSigner(keys, clock);
    }

    /** The fingerprints of the keys that sign, in file order; for logs and for checking against the clients' keyring. */
    public List<KeyFingerprint> fingerprints() {
        return keys.stream().map(SigningKey::fingerprint).toList();
    }

    @Override
    public byte[] clearSign(byte[] release) throws SigningException {
        ClearText text = ClearText.of(release);
        List<PGPSignature> signatures = sign(PGPSignature.CANONICAL_TEXT_DOCUMENT, text.canonicalForSignature());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Written by hand rather than with ArmoredOutputStream.beginClearText: that one dash-escapes on the fly but
        // leaves the signed form (trailing whitespace, CRLF) to us anyway, and uses the platform line separator.
        out.writeBytes(("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n").getBytes(
                StandardCharsets.US_ASCII));
        out.writeBytes(text.dashEscaped());
        writeArmored(signatures, out);
        return out.toByteArray();
    }

    @Override
    public byte[] detachedSignature(byte[] release) throws SigningException {
        // Binary signature, as gpg --detach-sign makes: apt checks it against Release's exact bytes.
        List<PGPSignature> signatures = sign(PGPSignature.BINARY_DOCUMENT, release);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArmored(signatures, out);
        return out.toByteArray();
    }

    private List<PGPSignature> sign(int signatureType, byte[] data) throws SigningException {
        Date now = Date.from(clock.instant());
        List<PGPSignature> signatures = new ArrayList<>();
        for (SigningKey key : keys) {
            try {
                PGPSignatureGenerator generator = new PGPSignatureGenerator(
                        new BcPGPContentSignerBuilder(key.publicKey().getAlgorithm(), HASH), key.publicKey());
                generator.init(signatureType, key.privateKey());
                PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
                hashed.setSignatureCreationTime(false, now);
                // The issuer fingerprint lets gpgv find the key without relying on the 64-bit key ID alone.
                hashed.setIssuerFingerprint(false, key.publicKey());
                generator.setHashedSubpackets(hashed.generate());
                PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
                unhashed.setIssuerKeyID(false, key.publicKey().getKeyID());
                generator.setUnhashedSubpackets(unhashed.generate());
                generator.update(data);
                signatures.add(generator.generate());
            } catch (PGPException | RuntimeException e) {
                throw new SigningException("signing with key " + key.fingerprint() + " failed: "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return signatures;
    }

    @SuppressWarnings("deprecation") // clearHeaders: the non-deprecated Builder is not public in 1.79
    private static void writeArmored(List<PGPSignature> signatures, OutputStream out) throws SigningException {
        try {
            ArmoredOutputStream armored = new ArmoredOutputStream(out);
            armored.clearHeaders(); // no "Version: BCPG" header: it tells readers nothing they need
            BCPGOutputStream packets = new BCPGOutputStream(armored);
            for (PGPSignature signature : signatures) {
                signature.encode(packets);
            }
            packets.flush();
            armored.close();
        } catch (IOException e) {
            throw new SigningException("could not write the armored signature", e);
        }
    }
}
