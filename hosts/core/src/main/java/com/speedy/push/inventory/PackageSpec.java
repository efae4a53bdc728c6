package com.speedy.push.inventory;

import com.speedy.debian.DebianVersion;
import com.speedy.debian.InvalidPackageNameException;
import com.speedy.debian.InvalidVersionException;
import com.speedy.debian.PackageName;
import java.util.Objects;
import java.util.Optional;

/**
 * A package a host should run, as written in the inventory and on the command line: {@code speedy-app}, or
 * {@code speedy-app=1.4.0-1} to pin a version (apt-get's own syntax). Without a version: the newest in the suite.
 */
public record PackageSpec(PackageName name, Optional<DebianVersion> version) {
    public PackageSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static PackageSpec parse(String text) throws InvalidPackageSpecException {
        Objects.requireNonNull(text, "text");
        int equals = text.indexOf('=');
        try {
            if (equals < 0) {
                return new PackageSpec(PackageName.parse(text), Optional.empty());
            }
            return new PackageSpec(PackageName.parse(text.substring(0, equals)),
                    Optional.of(DebianVersion.parse(text.substring(equals + 1))));
        } catch (InvalidPackageNameException | InvalidVersionException e) {
            throw new InvalidPackageSpecException(text, e.getMessage());
        }
    }

    /** {@code speedy-app} or {@code speedy-app=1.4.0-1}, as apt-get takes it. */
    @Override
    public String toString() {
        return version.map(v -> name + "=" + v).orElse(name.toString());
    }
}
