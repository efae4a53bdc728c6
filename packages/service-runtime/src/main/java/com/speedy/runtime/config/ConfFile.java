package com.speedy.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A conffile as written by an operator: {@code key = value} lines, {@code #} comments and blank lines.
 * Each entry remembers its line so that every error can point at it.
 */
public final class ConfFile {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");

    /** One {@code key = value} line. */
    public record Entry(String key, String value, int line) {}

    private final Path path;
    private final Map<String, Entry> entries;

    private ConfFile(Path path, Map<String, Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    public static ConfFile read(Path path) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(ConfigProblem.missing(path, "",
                    "cannot read the conffile: " + describe(e))));
        }
        return parse(path, lines);
    }

    static ConfFile parse(Path path, List<String> lines) throws ConfigException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                problems.add(ConfigProblem.atLine(path, lineNumber, "",
                        "expected 'key = value', found \"" + line + "\""));
                continue;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (!KEY.matcher(key).matches()) {
                problems.add(ConfigProblem.atLine(path, lineNumber, key,
                        "not a valid key (lower-case words joined by '.' or '-')"));
                continue;
            }
            Entry previous = entries.putIfAbsent(key, new Entry(key, value, lineNumber));
            if (previous != null) {
                problems.add(ConfigProblem.atLine(path, lineNumber, key,
                        "set twice (first on line " + previous.line() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ConfFile(path, Map.copyOf(entries));
    }

    public Path path() {
        return path;
    }

    public Optional<Entry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Iterable<Entry> entries() {
        return entries.values();
    }

    private static String describe(IOException e) {
        String reason = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? reason : reason + " (" + e.getMessage() + ")";
    }
}
