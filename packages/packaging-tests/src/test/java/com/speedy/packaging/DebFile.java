package com.speedy.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A built .deb, read with the real dpkg-deb: its control fields, its files with owners and modes, its control area. */
final class DebFile {
    /** One entry of the data archive as {@code dpkg-deb --contents} lists it. */
    record Entry(String mode, String owner, String path) {
        boolean isDirectory() {
            return mode.startsWith("d");
        }
    }

    private final Path deb;
    private final Map<String, String> fields;
    private final List<Entry> entries;
    private final Path control;
    private final Path data;

    private DebFile(Path deb, Map<String, String> fields, List<Entry> entries, Path control, Path data) {
        this.deb = deb;
        this.fields = fields;
        this.entries = entries;
        this.control = control;
        this.data = data;
    }

    /**
     * The one .deb that the module {@code packages/NAME} built (speedy-monitoring and speedy-backup: the top-level
     * {@code monitoring} and {@code backup}; speedy-lb and speedy-tools: {@code hosts/lb} and
     * {@code hosts/speedy-tools}).
     */
    static DebFile of(String packageName) throws IOException, InterruptedException {
        Path module = switch (packageName) {
            case "speedy-monitoring" -> projectDir().resolve("monitoring");
            case "speedy-backup" -> projectDir().resolve("backup");
            case "speedy-lb" -> projectDir().resolve("hosts/lb");
            case "speedy-tools" -> projectDir().resolve("hosts/speedy-tools");
            default -> projectDir().resolve("packages").resolve(packageName);
        };
        Path target = module.resolve("target");
        List<Path> debs;
        try (Stream<Path> files = Files.list(target)) {
            debs = files.filter(p -> p.getFileName().toString().matches(packageName + "_.*_all\\.deb")).toList();
        }
        if (debs.size() != 1) {
            throw new IllegalStateException("expected one " + packageName + "_*_all.deb in " + target + ", found " + debs
                    + "; build the packages first (mvn verify at the root builds them before these tests)");
        }
        return read(debs.get(0));
    }

    static DebFile read(Path deb) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : Command.check("dpkg-deb", "--field", deb.toString()).split("\n")) {
            if (line.startsWith(" ") && lastKey != null) {
                fields.put(lastKey, fields.get(lastKey) + "\n" + line);
            } else if (line.contains(":")) {
                lastKey = line.substring(0, line.indexOf(':'));
                fields.put(lastKey, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : Command.check("dpkg-deb", "--contents", deb.toString()).split("\n")) {
            String[] cols = line.split("\\s+", 6);
            String path = cols[5].startsWith("./") ? cols[5].substring(1) : cols[5];
            entries.add(new Entry(cols[0], cols[1], path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
        }
        Path work = Files.createTempDirectory("deb-");
        Path control = work.resolve("DEBIAN");
        Path data = work.resolve("root");
        Command.check("dpkg-deb", "--control", deb.toString(), control.toString());
        Command.check("dpkg-deb", "--extract", deb.toString(), data.toString());
        return new DebFile(deb, fields, List.copyOf(entries), control, data);
    }

    static Path projectDir() {
        String dir = System.getenv("SPEEDY_PROJECT_DIR");
        return dir == null ? Path.of("../..").toAbsolutePath().normalize() : Path.of(dir);
    }

    Path path() {
        return deb;
    }

    String field(String name) {
        return fields.getOrDefault(name, "");
    }

    List<Entry> entries() {
        return entries;
    }

    /** A file of the control area: control, conffiles, md5sums, postinst, ... */
    Path controlFile(String name) {
        return control.resolve(name);
    }

    /** The data archive unpacked, for reading an installed file's content. */
    Path unpacked(String absolutePath) {
        return data.resolve(absolutePath.substring(1));
    }
}
