package com.speedy.debian;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The architecture of a binary package: {@code all} or a concrete Debian architecture such as {@code amd64},
 * {@code arm64}, {@code i386}, {@code armhf}.
 */
public final class Architecture implements Comparable<Architecture> {
    /** Architecture-independent packages, which apt offers on every architecture. */
    public static final Architecture ALL = new Architecture("all");

    // dpkg's rule (dpkg_arch_name_is_illegal), restricted to lower case as every real architecture name is.
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String name;

    private Architecture(String name) {
        this.name = name;
    }

    public static Architecture parse(String text) throws InvalidArchitectureException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidArchitectureException(text, "is empty");
        }
        if (!VALID.matcher(text).matches()) {
            throw new InvalidArchitectureException(text,
                    "must start with a lower-case letter or digit and contain only a-z, 0-9 and '-'");
        }
        // "source" names source uploads and "any" is a wildcard in source control files; neither is a .deb's.
        if (text.equals("source") || text.equals("any")) {
            throw new InvalidArchitectureException(text, "is not the architecture of a binary package");
        }
        return text.equals(ALL.name) ? ALL : new Architecture(text);
    }

    public boolean isAll() {
        return this.equals(ALL);
    }

    @Override
    public int compareTo(Architecture other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture && name.equals(((Architecture) o).name);
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
