package com.speedy.settings;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for a misspelt key or name: the closest known one, if any is close. */
public final class Suggestions {
    private static final int MOST_EDITS = 2;

    private Suggestions() {}

    /**
     * The candidate fewest edits away from {@code unknown} (insertions, deletions, substitutions), if it is at most two
     * edits away and those change less than half of {@code unknown} ("web" is not a misspelt "db"); of equally close
     * ones, the first in alphabetical order, so that the message does not vary.
     */
    public static Optional<String> closest(String unknown, Collection<String> candidates) {
        String best = null;
        int bestDistance = MOST_EDITS + 1;
        for (String candidate : candidates) {
            int distance = editDistance(candidate, unknown);
            if (2 * distance >= unknown.length()) {
                continue;
            }
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
