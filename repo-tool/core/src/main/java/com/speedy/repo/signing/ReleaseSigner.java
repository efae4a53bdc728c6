package com.speedy.repo.signing;

/**
 * The port through which the repository signs a suite's {@code Release} file. apt fetches {@code InRelease} first
 * and falls back to {@code Release} + {@code Release.gpg}, so a published suite carries both.
 */
public interface ReleaseSigner {

    /**
     * Returns the complete {@code InRelease} file: {@code release} clear-signed (RFC 4880 §7) with SHA-512, one
     * signature per signing key.
     */
    byte[] clearSign(byte[] release) throws SigningException;

    /** Returns {@code Release.gpg}: an ASCII-armored detached signature over the exact bytes of {@code release}. */
    byte[] detachedSignature(byte[] release) throws SigningException;
}
