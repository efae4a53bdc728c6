package com.speedy.push.apt;

import java.util.Map;
import java.util.Optional;

/** The version apt would install of each package, read from {@code apt-cache policy}'s output (in the C locale). */
public final class Candidates {
    private final Map<String, String> candidates;

    private Candidates(Map<String, String> candidates) {
        this.candidates = candidates;
    }

    /**
     * Parses {@code apt-cache policy NAME...}: a line {@code NAME:} then {@code   Candidate: VERSION}, where the
     * candidate is {@code (none)} for a package that no source offers.
     */
    public static Candidates parse(String output) {
        return new Candidates(PolicyOutput.field(output, "Candidate"));
    }

    public Optional<String> version(String name) {
        return Optional.ofNullable(candidates.get(name));
    }
}
