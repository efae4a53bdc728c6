package com.speedy.runtime.config;

import com.speedy.settings.DurationText;
import com.speedy.settings.HttpUrlText;
import com.speedy.settings.Suggestions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed settings out of a {@link ConfFile}. Each getter records what is wrong instead of throwing, so that
 * {@link #finish()} can report every problem at once, including keys that nobody asked for (typos).
 */
public final class ConfigReader {
    private final ConfFile file;
    private final Set<String> known = new HashSet<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    public ConfigReader(ConfFile file) {
        this.file = file;
    }

    public String string(String key, String defaultValue) {
        return value(key, Optional.of(defaultValue), "a value", Optional::of);
    }

    public String requiredString(String key, String example) {
        return value(key, Optional.empty(), example, Optional::of);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return value(key, Optional.of(defaultValue), "a number from " + min + " to " + max, text -> {
            try {
                int n = Integer.parseInt(text);
                return n >= min && n <= max ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public int port(String key, int defaultValue) {
        return integer(key, defaultValue, 1, 65535);
    }

    /** Durations are written {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h} or {@code 7d}, and are never zero. */
    public Duration duration(String key, Duration defaultValue) {
        return value(key, Optional.of(defaultValue), DurationText.EXPECTED, DurationText::parse);
    }

    public Path path(String key, Path defaultValue) {
        return value(key, Optional.of(defaultValue), "an absolute path", text -> {
            Path p = Path.of(text);
            return p.isAbsolute() ? Optional.of(p) : Optional.empty();
        });
    }

    /** An absolute http or https URL with a host, e.g. {@code https://push.example/v1/send}. */
    public URI requiredHttpUrl(String key, String example) {
        return value(key, Optional.empty(), "an http or https URL such as " + example, HttpUrlText::parse);
    }

    /** Throws if any getter met a problem or if the file holds a key that no getter asked for. */
    public void finish() throws ConfigException {
        for (ConfFile.Entry entry : file.entries()) {
            if (!known.contains(entry.key())) {
                problems.add(ConfigProblem.atLine(file.path(), entry.line(), entry.key(),
                        "unknown key" + suggestion(entry.key())));
            }
        }
        problems.sort((a, b) -> Integer.compare(a.line().orElse(Integer.MAX_VALUE), b.line().orElse(Integer.MAX_VALUE)));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Parses the key's value, or takes the default when the key is absent. A present key whose value is empty or does
     * not parse is a problem, and so is a missing key that has no default.
     */
    private <T> T value(String key, Optional<T> defaultValue, String expected, Function<String, Optional<T>> parser) {
        known.add(key);
        Optional<ConfFile.Entry> entry = file.entry(key);
        if (entry.isEmpty()) {
            if (defaultValue.isEmpty()) {
                problems.add(ConfigProblem.missing(file.path(), key, "missing; set it to " + expected));
            }
            return defaultValue.orElse(null);
        }
        String text = entry.get().value();
        if (text.isEmpty()) {
            problems.add(ConfigProblem.atLine(file.path(), entry.get().line(), key, "missing value; expected " + expected));
            return defaultValue.orElse(null);
        }
        Optional<T> parsed = parser.apply(text);
        if (parsed.isEmpty()) {
            problems.add(ConfigProblem.atLine(file.path(), entry.get().line(), key,
                    "\"" + text + "\" is not " + expected));
            return defaultValue.orElse(null);
        }
        return parsed.get();
    }

    private String suggestion(String unknownKey) {
        return Suggestions.closest(unknownKey, known).map(k -> "; did you mean " + k + "?").orElse("");
    }
}
