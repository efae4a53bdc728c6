package com.speedy.repo.deb;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A buffered stream over the raw file that feeds every byte it reads from the file into MD5, SHA-1 and SHA-256, in
 * whole buffer-sized chunks, so the digests cover the file in the same pass that parses it. {@link #position()} is
 * how many bytes the consumer has taken, which the reader needs to tell a truncated file from a corrupt one.
 */
final class DigestingInputStream extends InputStream {
    private final InputStream file;
    private final byte[] buffer;
    private final MessageDigest md5;
    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private int start;
    private int end;
    private long position;
    private long digested;
    private boolean eof;

    DigestingInputStream(InputStream file, int bufferSize) {
        this.file = file;
        this.buffer = new byte[bufferSize];
        try {
            this.md5 = MessageDigest.getInstance("MD5");
            this.sha1 = MessageDigest.getInstance("SHA-1");
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5, SHA-1 and SHA-256", e);
        }
    }

    /** True if the stream starts with {@code prefix}; consumes nothing. */
    boolean startsWith(byte[] prefix) throws IOException {
        while (end - start < prefix.length && !eof) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            readFromFile(buffer, end, buffer.length - end, true);
        }
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (start == end && !fill()) {
            return -1;
        }
        position++;
        return buffer[start++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (start == end) {
            // Large reads bypass the buffer: one copy, straight from the file into the caller's array.
            if (len >= buffer.length) {
                int n = readFromFile(b, off, len, false);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, end - start);
        System.arraycopy(buffer, start, b, off, n);
        start += n;
        position += n;
        return n;
    }

    /** Skips by reading: every skipped byte must still reach the digests. */
    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            if (start == end && !fill()) {
                break;
            }
            int step = (int) Math.min(n - skipped, end - start);
            start += step;
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return end - start;
    }

    /** Reads and digests whatever is left of the file. */
    void drain() throws IOException {
        position += end - start;
        start = end;
        while (readFromFile(buffer, 0, buffer.length, false) > 0) {
            // nothing to do: reading is what digests
        }
        position = digested;
    }

    long position() {
        return position;
    }

    /** Bytes read from the file and digested so far. */
    long digested() {
        return digested;
    }

    String md5() {
        return HexFormat.of().formatHex(md5.digest());
    }

    String sha1() {
        return HexFormat.of().formatHex(sha1.digest());
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private boolean fill() throws IOException {
        start = 0;
        end = 0;
        int n = readFromFile(buffer, 0, buffer.length, true);
        return n > 0;
    }

    private int readFromFile(byte[] target, int off, int len, boolean intoBuffer) throws IOException {
        if (eof) {
            return -1;
        }
        int n;
        try {
            n = file.read(target, off, len);
        } catch (IOException e) {
            throw new FileReadException(e);
        }
        if (n < 0) {
            eof = true;
            return -1;
        }
        md5.update(target, off, n);
        sha1.update(target, off, n);
        sha256.update(target, off, n);
        digested += n;
        if (intoBuffer) {
            end += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** Marks a failure to read the file itself, so the reader does not mistake it for a damaged archive. */
    static final class FileReadException extends IOException {
        private static final long serialVersionUID = 1L;

        FileReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
