package com.speedy.push.apt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What dpkg has installed, read from {@link AptCommands#installed}'s output. */
public final class Installed {
    /** One package as dpkg knows it: its version and the two-letter status ({@code ii} installed, {@code rc} removed). */
    public record Package(String name, String version, String status) {
        /** Installed and configured: {@code ii}, the state a package should be in after a push. */
        public boolean isInstalled() {
            return status.startsWith("ii");
        }
    }

    private final Map<String, Package> packages;

    private Installed(Map<String, Package> packages) {
        this.packages = packages;
    }

    /**
     * Parses dpkg-query's lines. A package dpkg never heard of has no line (dpkg-query then exits 1 and says so on
     * stderr, which is not a failure here).
     */
    public static Installed parse(String output) {
        Map<String, Package> packages = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] cols = line.split("\t", -1);
            if (cols.length == 3 && !cols[0].isBlank()) {
                packages.put(cols[0], new Package(cols[0], cols[1], cols[2].strip()));
            }
        }
        return new Installed(packages);
    }

    /**
     * What {@code apt-cache policy} says is installed ({@code Installed: VERSION}; {@code (none)} for a package that
     * is not, or whose configuration alone is left): the same answer as dpkg-query's for planning, from the command
     * that also gives the candidates, so planning costs one round trip.
     */
    public static Installed fromPolicy(String policyOutput) {
        Map<String, Package> packages = new LinkedHashMap<>();
        PolicyOutput.field(policyOutput, "Installed").forEach((name, version) ->
                packages.put(name, new Package(name, version, "ii")));
        return new Installed(packages);
    }

    /** The installed version, if the package is installed (not merely configured-files-left, {@code rc}). */
    public Optional<String> version(String name) {
        Package p = packages.get(name);
        return p != null && p.isInstalled() ? Optional.of(p.version()) : Optional.empty();
    }

    public Optional<Package> get(String name) {
        return Optional.ofNullable(packages.get(name));
    }
}
