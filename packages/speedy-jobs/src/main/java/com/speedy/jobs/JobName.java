package com.speedy.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The jobs that {@code Jobs run NAME} knows. */
public enum JobName {
    TRENDING, PURGE;

    public static Optional<JobName> parse(String text) {
        return Arrays.stream(values()).filter(n -> n.toString().equals(text)).findFirst();
    }

    /** {@code trending|purge} */
    public static String choices() {
        return Arrays.stream(values()).map(JobName::toString).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
