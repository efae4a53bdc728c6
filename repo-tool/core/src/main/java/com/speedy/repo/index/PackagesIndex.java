package com.speedy.repo.index;

import com.speedy.debian.Architecture;
import com.speedy.repo.deb.DebPackage;
import com.speedy.debian.DebianVersion;
import com.speedy.debian.InvalidVersionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A {@code Packages} index: one stanza per .deb, its control fields plus where it is and its size and digests. */
public final class PackagesIndex {
    /** The order of an index's stanzas: by name, version (as dpkg orders them) and architecture. */
    public static final Comparator<Entry> ORDER = Comparator
            .comparing(Entry::name)
            .thenComparing(Entry::version)
            .thenComparing(Entry::architecture);

    private PackagesIndex() {}

    /**
     * One stanza, kept as its text: an index of 10,000 packages that gains one is re-rendered by joining the stanzas it
     * already had, not by parsing and writing each again. Only the fields that identify and order an entry are parsed.
     */
    public static final class Entry {
        private final String name;
        private final DebianVersion version;
        private final String architecture;
        private final String stanza;

        private Entry(String name, DebianVersion version, String architecture, String stanza) {
            this.name = name;
            this.version = version;
            this.architecture = architecture;
            this.stanza = stanza;
        }

        /** The stanza for a .deb at {@code poolPath}: its control fields, then Filename, Size and the digests. */
        public static Entry of(DebPackage deb, String poolPath) {
            String stanza = deb.control()
                    .with("Filename", poolPath)
                    .with("Size", Long.toString(deb.size()))
                    .with("MD5sum", deb.md5())
                    .with("SHA1", deb.sha1())
                    .with("SHA256", deb.sha256())
                    .write();
            return new Entry(deb.name().toString(), deb.version(), deb.architecture().toString(), stanza);
        }

        /** A stanza read back from an index this tool wrote (ending with one '\n'). */
        public static Entry read(String stanza) throws IndexFormatException {
            String version = required(stanza, "Version");
            required(stanza, "Filename");
            try {
                return new Entry(required(stanza, "Package"), DebianVersion.parse(version),
                        required(stanza, "Architecture"), stanza);
            } catch (InvalidVersionException e) {
                throw new IndexFormatException("a stanza has an invalid Version: " + e.getMessage());
            }
        }

        public String name() {
            return name;
        }

        public DebianVersion version() {
            return version;
        }

        public String architecture() {
            return architecture;
        }

        /** Where the .deb is, relative to the repository root. */
        public String poolPath() {
            return field(stanza, "Filename").orElseThrow();
        }

        public long size() throws IndexFormatException {
            try {
                return Long.parseLong(required(stanza, "Size"));
            } catch (NumberFormatException e) {
                throw new IndexFormatException(name + " " + version + ": Size is not a number");
            }
        }

        public String sha256() throws IndexFormatException {
            return required(stanza, "SHA256");
        }

        /** The stanza's text, each line ending with '\n'. */
        public String stanza() {
            return stanza;
        }

        @Override
        public String toString() {
            return name + " " + version + " " + architecture;
        }

        private static String required(String stanza, String name) throws IndexFormatException {
            Optional<String> value = field(stanza, name);
            if (value.isEmpty()) {
                throw new IndexFormatException("a stanza has no " + name + ": " + stanza.lines().findFirst().orElse(""));
            }
            return value.get();
        }

        /** A single-line field's value; field names ignore case, as deb822 says. */
        private static Optional<String> field(String stanza, String name) {
            for (int start = 0; start < stanza.length(); ) {
                int end = stanza.indexOf('\n', start);
                if (end < 0) {
                    end = stanza.length();
                }
                if (end - start > name.length() && stanza.charAt(start + name.length()) == ':'
                        && stanza.regionMatches(true, start, name, 0, name.length())) {
                    return Optional.of(stanza.substring(start + name.length() + 1, end).strip());
                }
                start = end + 1;
            }
            return Optional.empty();
        }
    }

    /** Splits an index's text into its entries. */
    public static List<Entry> parse(String text) throws IndexFormatException {
        List<Entry> entries = new ArrayList<>();
        for (String stanza : text.split("\n\n")) {
            if (!stanza.isBlank()) {
                entries.add(Entry.read(stanza.endsWith("\n") ? stanza : stanza + "\n"));
            }
        }
        return entries;
    }

    /** The index text, stanzas sorted by name, version and architecture so that equal input gives equal bytes. */
    public static byte[] render(Collection<Entry> entries) {
        List<Entry> sorted = entries.stream().sorted(ORDER).toList();
        StringBuilder out = new StringBuilder(sorted.size() * 512);
        for (Entry entry : sorted) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(entry.stanza);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
