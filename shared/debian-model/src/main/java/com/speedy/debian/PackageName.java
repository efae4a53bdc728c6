package com.speedy.debian;

import java.util.Objects;
import java.util.regex.Pattern;

/** A binary package name (Debian Policy 5.6.1): lower-case letters, digits, '+', '-', '.'; at least two characters. */
public final class PackageName implements Comparable<PackageName> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private final String name;

    private PackageName(String name) {
        this.name = name;
    }

    public static PackageName parse(String text) throws InvalidPackageNameException {
        Objects.requireNonNull(text, "text");
        if (text.length() < 2) {
            throw new InvalidPackageNameException(text, "must be at least 2 characters long");
        }
        if (!VALID.matcher(text).matches()) {
            throw new InvalidPackageNameException(text,
                    "must start with a lower-case letter or digit and contain only a-z, 0-9, '+', '-' and '.'");
        }
        return new PackageName(text);
    }

    @Override
    public int compareTo(PackageName other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageName && name.equals(((PackageName) o).name);
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
