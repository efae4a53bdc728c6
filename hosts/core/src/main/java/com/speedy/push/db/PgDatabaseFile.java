package com.speedy.push.db;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names of a stopped cluster's databases, read from its {@code pg_database} heap file ({@code global/1262}), so
 * that a refusal can name them without a running server. Only to name things: whether a host holds data is decided
 * from {@code base/}, never from this file (a crashed cluster may not have written a new database's row yet).
 */
final class PgDatabaseFile {
    private static final int PAGE = 8192;
    private static final int PAGE_HEADER = 24;
    private static final int LP_NORMAL = 1;
    private static final int NAME_LENGTH = 64;

    private PgDatabaseFile() {}

    /**
     * Database OID to name. A row no transaction deleted ({@code xmax} 0) wins over an older version of the same OID;
     * pages or rows that do not parse are skipped: the result is a best effort, never an error.
     */
    static Map<Long, String> names(byte[] heap) {
        Map<Long, String> names = new TreeMap<>();
        ByteBuffer buf = ByteBuffer.wrap(heap).order(ByteOrder.LITTLE_ENDIAN);
        for (int page = 0; page + PAGE <= heap.length; page += PAGE) {
            int lower = Short.toUnsignedInt(buf.getShort(page + 12));
            for (int lp = page + PAGE_HEADER; lp + 4 <= page + Math.min(lower, PAGE); lp += 4) {
                int pointer = buf.getInt(lp);
                int offset = pointer & 0x7FFF;
                int flags = (pointer >>> 15) & 3;
                int length = pointer >>> 17;
                if (flags != LP_NORMAL || offset + length > PAGE || length < PAGE_HEADER) {
                    continue;
                }
                int tuple = page + offset;
                int hoff = Byte.toUnsignedInt(heap[tuple + 22]);
                if (hoff + 4 + NAME_LENGTH > length) {
                    continue;
                }
                long oid = Integer.toUnsignedLong(buf.getInt(tuple + hoff));
                int start = tuple + hoff + 4;
                int end = start;
                while (end < start + NAME_LENGTH && heap[end] != 0) {
                    end++;
                }
                String name = new String(heap, start, end - start, StandardCharsets.UTF_8);
                if (buf.getInt(tuple + 4) == 0) {
                    names.put(oid, name);
                } else {
                    names.putIfAbsent(oid, name);
                }
            }
        }
        return names;
    }
}
