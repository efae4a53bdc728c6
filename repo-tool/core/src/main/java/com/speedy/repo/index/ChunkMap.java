package com.speedy.repo.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The compressed form that a previous file held for each chunk of text, found by the chunk's content: by its CRC-32
 * and length first (CRC-32 runs at memory speed in the JVM), then byte for byte.
 */
final class ChunkMap<T> {
    private record Held<T>(byte[] chunk, T compressed) {}

    private final Map<Long, List<Held<T>>> byChecksum = new HashMap<>();

    static int crc32(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    void put(byte[] chunk, int crc32, T compressed) {
        byChecksum.computeIfAbsent(key(crc32, chunk.length), k -> new ArrayList<>(1)).add(new Held<>(chunk, compressed));
    }

    T get(byte[] chunk) {
        List<Held<T>> candidates = byChecksum.get(key(crc32(chunk, 0, chunk.length), chunk.length));
        if (candidates != null) {
            for (Held<T> held : candidates) {
                if (Arrays.equals(held.chunk(), chunk)) {
                    return held.compressed();
                }
            }
        }
        return null;
    }

    private static long key(int crc32, int length) {
        return (long) crc32 << 32 | (length & 0xffffffffL);
    }
}
