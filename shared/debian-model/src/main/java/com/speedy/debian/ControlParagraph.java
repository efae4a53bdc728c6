package com.speedy.debian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deb822 paragraph, such as a .deb's {@code control} file or a stanza of a {@code Packages} index.
 *
 * <p>Fields keep their order, their original spelling and their lines verbatim, so {@link #write()} reproduces
 * well-formed input byte for byte: a {@code Packages} stanza must carry the maintainer's fields unchanged. Lookup by
 * name ignores case, as deb822 says field names do.
 */
public final class ControlParagraph {
    private final List<Field> fields;
    private final Map<String, Field> byKey;

    private ControlParagraph(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Field> index = new LinkedHashMap<>();
        for (Field field : this.fields) {
            index.put(key(field.name), field);
        }
        this.byKey = Collections.unmodifiableMap(index);
    }

    /**
     * Parses exactly one paragraph. Lines end with '\n'; blank lines before and after the paragraph are ignored,
     * a blank line inside it (what would start a second paragraph) is an error, and so are comments: dpkg rejects
     * them in binary control files.
     */
    public static ControlParagraph parse(String text) throws ControlSyntaxException {
        Objects.requireNonNull(text, "text");
        String[] lines = text.split("\n", -1);
        List<Field> fields = new ArrayList<>();
        Map<String, Integer> firstSeen = new LinkedHashMap<>();
        String name = null;
        String firstLine = null;
        List<String> continuation = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (isBlank(line)) {
                if (name != null) {
                    ended = true;
                }
                continue;
            }
            if (ended) {
                throw new ControlSyntaxException(number, line,
                        "a second paragraph starts here, after a blank line; expected exactly one paragraph");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (name == null) {
                    throw new ControlSyntaxException(number, line, "continuation line before the first field");
                }
                continuation.add(line);
                continue;
            }
            if (first == '#') {
                throw new ControlSyntaxException(number, line, "comment lines are not allowed in a control paragraph");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ControlSyntaxException(number, line, "expected 'Field: value' but found no ':'");
            }
            String fieldName = line.substring(0, colon);
            String nameProblem = fieldNameProblem(fieldName);
            if (nameProblem != null) {
                throw new ControlSyntaxException(number, line, nameProblem);
            }
            Integer previous = firstSeen.putIfAbsent(key(fieldName), number);
            if (previous != null) {
                throw new ControlSyntaxException(number, line,
                        "field '" + fieldName + "' appears again (first on line " + previous + ")");
            }
            if (name != null) {
                fields.add(new Field(name, firstLine, continuation));
            }
            name = fieldName;
            firstLine = line;
            continuation = new ArrayList<>();
        }
        if (name == null) {
            throw new ControlSyntaxException(1, "", "paragraph has no fields");
        }
        fields.add(new Field(name, firstLine, continuation));
        return new ControlParagraph(fields);
    }

    /**
     * The field's value: the rest of its first line without surrounding blanks, then each continuation line
     * verbatim (with its leading space) after a '\n'.
     */
    public Optional<String> get(String name) {
        Field field = byKey.get(key(name));
        return field == null ? Optional.empty() : Optional.of(field.value());
    }

    /** Field names in order, spelled as in the input. */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field field : fields) {
            names.add(field.name);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * A copy with the field set to {@code value}: in place (keeping the existing spelling) if the paragraph has it,
     * else appended. Lines after the first in {@code value} must be continuation lines (start with space or tab).
     */
    public ControlParagraph with(String name, String value) {
        Objects.requireNonNull(value, "value");
        String nameProblem = fieldNameProblem(Objects.requireNonNull(name, "name"));
        if (nameProblem != null) {
            throw new IllegalArgumentException(nameProblem + ": '" + name + "'");
        }
        String[] lines = value.split("\n", -1);
        String head = lines[0].strip();
        List<String> continuation = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (isBlank(line) || (line.charAt(0) != ' ' && line.charAt(0) != '\t')) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the value for '" + name
                        + "' is not a continuation line (starting with space or tab, not blank; use ' .'"
                        + " for an empty line): '" + line + "'");
            }
            continuation.add(line);
        }
        Field existing = byKey.get(key(name));
        String spelling = existing == null ? name : existing.name;
        Field replacement = new Field(spelling, head.isEmpty() ? spelling + ":" : spelling + ": " + head, continuation);
        List<Field> copy = new ArrayList<>(fields);
        if (existing == null) {
            copy.add(replacement);
        } else {
            copy.set(copy.indexOf(existing), replacement);
        }
        return new ControlParagraph(copy);
    }

    /** The paragraph as text, each line ending with '\n' and no blank line after it. */
    public String write() {
        StringBuilder out = new StringBuilder(256);
        for (Field field : fields) {
            out.append(field.firstLine).append('\n');
            for (String line : field.continuation) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String fieldNameProblem(String name) {
        if (name.isEmpty()) {
            return "field name is empty";
        }
        if (name.charAt(0) == '-' || name.charAt(0) == '#') {
            return "field name must not start with '-' or '#'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // deb822: printable US-ASCII other than ':' (which ends the name).
            if (c < 33 || c > 126 || c == ':') {
                return "field name contains a character other than printable ASCII";
            }
        }
        return null;
    }

    // deb822 paragraphs are separated by empty lines; Policy lets parsers treat blank-only lines the same way.
    private static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlParagraph && fields.equals(((ControlParagraph) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return write();
    }

    /** One field, as its verbatim lines. */
    private static final class Field {
        final String name;
        final String firstLine;
        final List<String> continuation;

        Field(String name, String firstLine, List<String> continuation) {
            this.name = name;
            this.firstLine = firstLine;
            this.continuation = List.copyOf(continuation);
        }

        String value() {
            StringBuilder value = new StringBuilder(firstLine.substring(name.length() + 1).strip());
            for (String line : continuation) {
                value.append('\n').append(line);
            }
            return value.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Field && firstLine.equals(((Field) o).firstLine)
                    && continuation.equals(((Field) o).continuation);
        }

        @Override
        public int hashCode() {
            return firstLine.hashCode() * 31 + continuation.hashCode();
        }
    }
}
