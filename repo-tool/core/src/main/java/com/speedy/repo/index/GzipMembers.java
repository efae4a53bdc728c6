package com.speedy.repo.index;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * A {@code .gz} index made of one gzip member per chunk. RFC 1952 lets a file hold several members, read as one
 * stream by gzip, zlib (and so apt) and Java alike; each member is compressed on its own, and a chunk that was in the
 * previous file keeps its member byte for byte.
 */
public final class GzipMembers {
    private static final int HEADER = 10;
    private static final int TRAILER = 8;

    private final ChunkMap<byte[]> previous;

    private GzipMembers(ChunkMap<byte[]> previous) {
        this.previous = previous;
    }

    /** Takes over the members of the previous file; one that is not a list of plain members gives nothing to reuse. */
    public static GzipMembers reusing(byte[] previousFile) {
        ChunkMap<byte[]> members = new ChunkMap<>();
        Inflater inflater = new Inflater(true);
        try {
            int pos = 0;
            while (pos < previousFile.length) {
                // Members that this class wrote: no name, comment or extra field (flags 0), deflate.
                if (previousFile.length - pos < HEADER + TRAILER || (previousFile[pos] & 0xff) != 0x1f
                        || (previousFile[pos + 1] & 0xff) != 0x8b || previousFile[pos + 2] != 8
                        || previousFile[pos + 3] != 0) {
                    return new GzipMembers(new ChunkMap<>());
                }
                inflater.reset();
                inflater.setInput(previousFile, pos + HEADER, previousFile.length - pos - HEADER);
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 << 10];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        return new GzipMembers(new ChunkMap<>());
                    }
                    content.write(buffer, 0, n);
                }
                int end = previousFile.length - inflater.getRemaining() + TRAILER;
                if (end > previousFile.length) {
                    return new GzipMembers(new ChunkMap<>());
                }
                byte[] chunk = content.toByteArray();
                ByteBuffer trailer = ByteBuffer.wrap(previousFile, end - TRAILER, TRAILER).order(ByteOrder.LITTLE_ENDIAN);
                int crc32 = ChunkMap.crc32(chunk, 0, chunk.length);
                if (trailer.getInt() != crc32 || trailer.getInt() != chunk.length) {
                    return new GzipMembers(new ChunkMap<>());
                }
                members.put(chunk, crc32, Arrays.copyOfRange(previousFile, pos, end));
                pos = end;
            }
            return new GzipMembers(members);
        } catch (DataFormatException e) {
            return new GzipMembers(new ChunkMap<>());
        } finally {
            inflater.end();
        }
    }

    /** The member for one chunk: the previous file's, or newly compressed. */
    public byte[] member(byte[] chunk) {
        byte[] reused = previous.get(chunk);
        if (reused != null) {
            return reused;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] join(List<byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        members.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
