package com.speedy.push.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * WAL file names as PostgreSQL makes them ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment's position in
 * hex, with 16 MB segments, PostgreSQL's and Debian's default), and the gaps in a set of them: the positions from a
 * base backup's first WAL file to the newest one held for which no file of any timeline is there. A restore cannot
 * replay past a gap, so a gap after the oldest base backup is a loss of every point in time after it.
 */
final class WalSegments {
    /** Segments per 4 GB "log" at 16 MB each. */
    private static final long SEGMENTS_PER_LOG = 0x100;

    private WalSegments() {}

    static boolean isName(String name) {
        return name.matches("[0-9A-F]{24}");
    }

    /** The segment's position across timelines (a timeline switch continues the positions). */
    static long position(String name) {
        return Long.parseLong(name.substring(8, 16), 16) * SEGMENTS_PER_LOG
                + Long.parseLong(name.substring(16, 24), 16);
    }

    static String name(int timeline, long position) {
        return String.format("%08X%08X%08X", timeline, position / SEGMENTS_PER_LOG, position % SEGMENTS_PER_LOG);
    }

    /**
     * The missing ranges between {@code from} (a base backup's first WAL file) and the newest file in {@code held}
     * (names, optionally ending {@code .partial}; other names, such as {@code .history} files, are ignored), each as
     * {@code FIRST..LAST (N files)}; empty when there is no gap.
     */
    static List<String> gaps(String from, Collection<String> held) {
        TreeSet<Long> positions = new TreeSet<>();
        for (String file : held) {
            String name = file.endsWith(".partial") ? file.substring(0, file.length() - ".partial".length()) : file;
            if (isName(name)) {
                positions.add(position(name));
            }
        }
        List<String> gaps = new ArrayList<>();
        if (!isName(from)) {
            return gaps;
        }
        if (positions.isEmpty() || positions.last() < position(from)) {
            gaps.add(from + " and after (no WAL file from the base backup's first on)");
            return gaps;
        }
        int timeline = Integer.parseInt(from.substring(0, 8), 16);
        long expected = position(from);
        for (long position : positions.tailSet(expected)) {
            if (position > expected) {
                gaps.add(name(timeline, expected) + ".." + name(timeline, position - 1) + " (" + (position - expected)
                        + " file" + (position - expected == 1 ? "" : "s") + ")");
            }
            expected = position + 1;
        }
        return gaps;
    }
}
