package com.speedy.push.apt;

import java.util.HashMap;
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
        Map<String, String> candidates = new HashMap<>();
        String current = null;
        for (String line : output.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
            } else if (current != null && line.strip().startsWith("Candidate:")) {
                String version = line.strip().substring("Candidate:".length()).strip();
                if (!version.equals("(none)")) {
                    candidates.put(current, version);
                }
                current = null;
            }
        }
        return new Candidates(candidates);
    }

    public Optional<String> version(String name) {
        return Optional.ofNullable(candidates.get(name));
    }
}
