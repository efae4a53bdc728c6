package com.speedy.push.db;

/** A position in PostgreSQL's write-ahead log, as {@code pg_lsn} prints it: {@code 16/B374D848}. */
public record Lsn(long value) implements Comparable<Lsn> {
    public static Lsn parse(String text) {
        String[] halves = text.strip().split("/");
        if (halves.length != 2 || halves[0].isEmpty() || halves[1].isEmpty() || halves[0].length() > 8
                || halves[1].length() > 8) {
            throw new IllegalArgumentException("not a WAL position (like 0/3000028): '" + text + "'");
        }
        try {
            return new Lsn(Long.parseLong(halves[0], 16) << 32 | Long.parseLong(halves[1], 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a WAL position (like 0/3000028): '" + text + "'", e);
        }
    }

    /** How many bytes of WAL this position is ahead of {@code other} (negative when behind). */
    public long bytesAfter(Lsn other) {
        return value - other.value;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
