package com.speedy.app;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator tells the users during maintenance, from the flag file: an optional {@code message} and an
 * optional {@code until}, the instant they expect to be done. The standard notice has neither.
 */
public record Notice(Optional<String> message, Optional<Instant> until) {
    static final Notice STANDARD = new Notice(Optional.empty(), Optional.empty());
    private static final Set<String> KEYS = Set.of("message", "until");

    /** Thrown for flag file content that is not the two keys in java.util.Properties syntax; carries the content. */
    public static final class MalformedNotice extends Exception {
        private static final long serialVersionUID = 1L;
        private final String content;

        MalformedNotice(String content, String problem) {
            super(problem);
            this.content = content;
        }

        public String content() {
            return content;
        }
    }

    /** Reads the flag file's content; empty content is the standard notice. A blank message counts as none. */
    static Notice parse(String content) throws MalformedNotice {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a malformed Unicode escape
            throw new MalformedNotice(content, "not in java.util.Properties syntax: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            // A typo such as "mesage", or text without a key, would otherwise vanish without a word.
            throw new MalformedNotice(content, "unknown keys " + unknown + "; expected message and until");
        }
        Optional<String> message = Optional.ofNullable(properties.getProperty("message"))
                .map(String::strip).filter(m -> !m.isEmpty());
        String until = properties.getProperty("until");
        try {
            return new Notice(message, until == null ? Optional.empty() : Optional.of(Instant.parse(until.strip())));
        } catch (DateTimeParseException e) {
            throw new MalformedNotice(content, "until: \"" + until + "\" is not an ISO-8601 instant such as "
                    + "2026-12-02T21:00:00Z");
        }
    }

    /** This notice as it stands at {@code now}: an {@code until} that has passed no longer says anything. */
    Notice asOf(Instant now) {
        return new Notice(message, until.filter(now::isBefore));
    }

    /** The whole seconds until {@code until} while that is ahead (at least 1), else {@code otherwise}. */
    Duration retryAfter(Instant now, Duration otherwise) {
        return until.filter(now::isBefore)
                .map(u -> Duration.ofSeconds(Math.max(1, Duration.between(now, u).toSeconds())))
                .orElse(otherwise);
    }
}
