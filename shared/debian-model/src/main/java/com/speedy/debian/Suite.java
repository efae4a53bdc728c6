package com.speedy.debian;

import java.util.regex.Pattern;

/** A suite of the repository, such as {@code dev} or {@code stable}: a folder under {@code dists/}. */
public final class Suite {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");

    private final String name;

    private Suite(String name) {
        this.name = name;
    }

    public static Suite parse(String text) throws InvalidSuiteException {
        if (text == null || !NAME.matcher(text).matches()) {
            throw new InvalidSuiteException(text);
        }
        return new Suite(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Suite s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
