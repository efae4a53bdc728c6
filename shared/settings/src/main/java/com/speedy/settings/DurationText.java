package com.speedy.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as an operator writes it: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h} or {@code 7d}. Never zero: a
 * zero timeout means "wait forever" to the drivers, a zero poll interval spins, and a zero retention purges everything.
 */
public final class DurationText {
    /** What a setting expects, for messages: "… is not " + EXPECTED. */
    public static final String EXPECTED = "a duration above zero such as 500ms, 10s, 5m, 2h or 7d";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationText() {}

    /** The duration, or empty when the text is not one or is zero. */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration duration;
        try {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException tooLong) {
            return Optional.empty();
        }
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }
}
