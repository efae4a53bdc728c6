package com.speedy.process;

import java.time.Duration;
import java.util.List;

/** The program was still running at its deadline; it and its descendants have been killed. */
public final class ProcessTimeoutException extends ProcessException {
    private final Duration timeout;

    ProcessTimeoutException(List<String> argv, Duration timeout) {
        super(argv, String.join(" ", argv) + " did not finish within " + readable(timeout), null);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** "30 min", "45 s", "700 ms": the unit a person would use for this deadline. */
    static String readable(Duration duration) {
        if (duration.toSecondsPart() == 0 && duration.toMillisPart() == 0 && duration.toMinutes() > 0) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillisPart() == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
