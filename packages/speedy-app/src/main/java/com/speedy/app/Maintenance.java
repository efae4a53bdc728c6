package com.speedy.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance mode: on while the flag file exists, so an operator switches it with touch and rm. The file may hold a
 * {@link Notice} for the users; it is read on every request, since operators and push rewrite it while the app runs.
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final Path flag;
    private final Duration retryAfter;
    private final Consumer<String> warning;
    // Every request reads the file: a bad one is worth one warning, not one per request.
    private final Set<String> warnedAbout = ConcurrentHashMap.newKeySet();

    public Maintenance(Path flag, Duration retryAfter) {
        this(flag, retryAfter, LOG::warn);
    }

    Maintenance(Path flag, Duration retryAfter, Consumer<String> warning) {
        this.flag = flag;
        this.retryAfter = retryAfter;
        this.warning = warning;
    }

    public Path flag() {
        return flag;
    }

    /** The configured Retry-After, for a notice without an {@code until} ahead. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean isOn() {
        return Files.exists(flag);
    }

    /**
     * The notice in force at {@code now} while maintenance is on, empty while it is off. A flag file that cannot be
     * read or understood still means maintenance: then the notice is the standard one and a warning says why, once.
     */
    public Optional<Notice> current(Instant now) {
        String content;
        try {
            content = Files.readString(flag, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(flag)) {
                return Optional.empty();
            }
            warnOnce(e.toString(), "maintenance is on, with the standard notice: cannot read " + flag + ": " + e);
            return Optional.of(Notice.STANDARD);
        }
        try {
            return Optional.of(Notice.parse(content).asOf(now));
        } catch (Notice.MalformedNotice e) {
            warnOnce(content, "maintenance is on, with the standard notice: " + flag + ": " + e.getMessage());
            return Optional.of(Notice.STANDARD);
        }
    }

    private void warnOnce(String cause, String message) {
        if (warnedAbout.add(cause)) {
            warning.accept(message);
        }
    }
}
