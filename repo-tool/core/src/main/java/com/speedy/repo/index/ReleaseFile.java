package com.speedy.repo.index;

import com.speedy.debian.Suite;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A suite's {@code Release} file: what the suite is, and the size and checksums of every index under it, which apt
 * checks each downloaded index against. {@code Acquire-By-Hash: yes} tells apt to fetch indexes by their SHA-256, so
 * that a client never mixes an old Release with a new index.
 */
public record ReleaseFile(
        String origin, String label, String suite, String codename, Instant date,
        List<String> architectures, List<String> components, List<IndexFile> files) {

    /** One index file under {@code dists/SUITE/}, by its path relative to that folder. */
    public record IndexFile(String path, long size, String md5, String sha256) {}

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public ReleaseFile {
        architectures = List.copyOf(architectures);
        components = List.copyOf(components);
        files = files.stream().sorted(Comparator.comparing(IndexFile::path)).toList();
    }

    public byte[] render() {
        StringBuilder out = new StringBuilder(256 + files.size() * 160);
        out.append("Origin: ").append(origin).append('\n');
        out.append("Label: ").append(label).append('\n');
        out.append("Suite: ").append(suite).append('\n');
        out.append("Codename: ").append(codename).append('\n');
        out.append("Date: ").append(RFC_2822.format(date)).append('\n');
        out.append("Architectures: ").append(String.join(" ", architectures)).append('\n');
        out.append("Components: ").append(String.join(" ", components)).append('\n');
        out.append("Acquire-By-Hash: yes\n");
        out.append("MD5Sum:\n");
        for (IndexFile f : files) {
            out.append(String.format(Locale.ROOT, " %s %16d %s\n", f.md5(), f.size(), f.path()));
        }
        out.append("SHA256:\n");
        for (IndexFile f : files) {
            out.append(String.format(Locale.ROOT, " %s %16d %s\n", f.sha256(), f.size(), f.path()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
