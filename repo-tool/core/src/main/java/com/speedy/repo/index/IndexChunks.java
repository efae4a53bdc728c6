package com.speedy.repo.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an index's text at stanza boundaries into chunks of tens of KiB, each compressed on its own: on every core at
 * once, and, since the boundaries depend only on the stanzas next to them (a boundary falls before a stanza whose first
 * line hashes to a chosen residue), adding or removing one stanza changes only the chunk that holds it. The compressed
 * form of every other chunk is then taken over from the previous file unchanged.
 */
public final class IndexChunks {
    static final int MIN_CHUNK = 32 << 10;
    static final int MAX_CHUNK = 256 << 10;
    private static final int BOUNDARY_ONE_IN = 32;

    private IndexChunks() {}

    public static List<byte[]> split(byte[] text) {
        List<byte[]> chunks = new ArrayList<>();
        int chunkStart = 0;
        for (int i = 0; i + 1 < text.length; i++) {
            if (text[i] != '\n' || text[i + 1] != '\n') {
                continue;
            }
            int stanza = i + 2; // the blank line ends the previous chunk
            int length = stanza - chunkStart;
            if (stanza < text.length && (length >= MAX_CHUNK
                    || length >= MIN_CHUNK && Math.floorMod(firstLineHash(text, stanza), BOUNDARY_ONE_IN) == 0)) {
                chunks.add(Arrays.copyOfRange(text, chunkStart, stanza));
                chunkStart = stanza;
            }
        }
        if (chunkStart < text.length || chunks.isEmpty()) {
            chunks.add(Arrays.copyOfRange(text, chunkStart, text.length));
        }
        return chunks;
    }

    private static int firstLineHash(byte[] text, int start) {
        int hash = 0;
        for (int i = start; i < text.length && text[i] != '\n'; i++) {
            hash = 31 * hash + text[i];
        }
        return hash ^ (hash >>> 16);
    }
}
