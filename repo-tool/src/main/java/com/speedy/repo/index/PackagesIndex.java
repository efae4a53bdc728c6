package com.speedy.repo.index;

import com.speedy.repo.debian.DebPackage;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A {@code Packages} index: one stanza per .deb, its control fields plus where it is and its size and digests. */
public final class PackagesIndex {
    /** A .deb and its path in the pool, relative to the repository root. */
    public record Entry(DebPackage deb, String poolPath) {}

    private static final Comparator<Entry> ORDER = Comparator
            .comparing((Entry e) -> e.deb().name().toString())
            .thenComparing(e -> e.deb().version())
            .thenComparing(e -> e.deb().architecture().toString());

    private PackagesIndex() {}

    /** The index text, stanzas sorted by name, version and architecture so that equal input gives equal bytes. */
    public static byte[] render(Collection<Entry> entries) {
        List<Entry> sorted = entries.stream().sorted(ORDER).toList();
        StringBuilder out = new StringBuilder(sorted.size() * 512);
        for (Entry entry : sorted) {
            if (out.length() > 0) {
                out.append('\n');
            }
            DebPackage deb = entry.deb();
            out.append(deb.control()
                    .with("Filename", entry.poolPath())
                    .with("Size", Long.toString(deb.size()))
                    .with("MD5sum", deb.md5())
                    .with("SHA1", deb.sha1())
                    .with("SHA256", deb.sha256())
                    .write());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
