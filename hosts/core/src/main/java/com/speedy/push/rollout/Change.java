package com.speedy.push.rollout;

import com.speedy.debian.DebianVersion;
import com.speedy.debian.InvalidVersionException;
import java.util.Objects;
import java.util.Optional;

/**
 * One package on one host: the version it has (none if not installed) and the version it is to have.
 *
 * @param from the installed version, empty if the package is not installed
 * @param to the version to install
 */
public record Change(String name, Optional<String> from, String to) {
    /** What the change does, as the plan and the summary say it. */
    public enum Kind { INSTALL, UPGRADE, DOWNGRADE, KEEP }

    public Change {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public Kind kind() {
        if (from.isEmpty()) {
            return Kind.INSTALL;
        }
        int order = compare(from.get(), to);
        return order == 0 ? Kind.KEEP : order < 0 ? Kind.UPGRADE : Kind.DOWNGRADE;
    }

    /** {@code name=to}, as apt-get install takes it. */
    public String aptTarget() {
        return name + "=" + to;
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case INSTALL -> name + " (new) -> " + to;
            case KEEP -> name + " " + to + " (as is)";
            default -> name + " " + from.get() + " -> " + to;
        };
    }

    private static int compare(String a, String b) {
        try {
            return DebianVersion.parse(a).compareTo(DebianVersion.parse(b));
        } catch (InvalidVersionException e) {
            // dpkg and apt only hand out valid versions; a string comparison still tells equal from different.
            return a.compareTo(b);
        }
    }
}
