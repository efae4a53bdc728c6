package com.speedy.debian;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]} (Debian Policy 5.6.12), ordered exactly as
 * {@code dpkg --compare-versions} orders it.
 *
 * <p>Equality follows the ordering, not the text: {@code 1.0}, {@code 1.0-0}, {@code 0:1.0} and {@code 1.00} are the
 * same version to dpkg and apt, so they are equal here too (and {@link #toString()} still gives each one's own text).
 */
public final class DebianVersion implements Comparable<DebianVersion> {
    private final String text;
    private final int epoch;
    private final String upstream;
    private final String revision;
    // The ordering's equivalence class, precomputed so equals/hashCode agree with compareTo.
    private final String canonical;

    private DebianVersion(String text, int epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
        this.canonical = epoch + ":" + canonical(upstream) + "-" + canonical(revision);
    }

    /**
     * Parses a version. Stricter than dpkg, which only warns about an upstream part not starting with a digit or
     * holding a character Policy forbids: a repository should not accept what Policy rejects.
     */
    public static DebianVersion parse(String text) throws InvalidVersionException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidVersionException(text, "version is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                throw new InvalidVersionException(text, "version contains whitespace");
            }
        }
        int epoch = 0;
        String rest = text;
        // The first colon ends the epoch; any later colon belongs to upstream (allowed only because there is an epoch).
        int colon = text.indexOf(':');
        if (colon >= 0) {
            epoch = parseEpoch(text, text.substring(0, colon));
            rest = text.substring(colon + 1);
            if (rest.isEmpty()) {
                throw new InvalidVersionException(text, "nothing after the epoch's colon");
            }
        }
        // The last hyphen starts the revision; earlier hyphens belong to upstream (allowed only because there is one).
        String upstream = rest;
        String revision = "";
        int hyphen = rest.lastIndexOf('-');
        if (hyphen >= 0) {
            upstream = rest.substring(0, hyphen);
            revision = rest.substring(hyphen + 1);
            if (revision.isEmpty()) {
                throw new InvalidVersionException(text, "revision after the last '-' is empty");
            }
        }
        if (upstream.isEmpty()) {
            throw new InvalidVersionException(text, "upstream version is empty");
        }
        if (!isAsciiDigit(upstream.charAt(0))) {
            throw new InvalidVersionException(text, "upstream version '" + upstream + "' does not start with a digit");
        }
        for (int i = 0; i < upstream.length(); i++) {
            char c = upstream.charAt(i);
            if (!isAsciiAlphanumeric(c) && ".+~-:".indexOf(c) < 0) {
                throw new InvalidVersionException(text,
                        "character '" + c + "' is not allowed in the upstream version (only A-Za-z0-9.+~-:)");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!isAsciiAlphanumeric(c) && ".+~".indexOf(c) < 0) {
                throw new InvalidVersionException(text,
                        "character '" + c + "' is not allowed in the revision (only A-Za-z0-9.+~)");
            }
        }
        return new DebianVersion(text, epoch, upstream, revision);
    }

    private static int parseEpoch(String text, String epoch) throws InvalidVersionException {
        if (epoch.isEmpty()) {
            throw new InvalidVersionException(text, "epoch before ':' is empty");
        }
        for (int i = 0; i < epoch.length(); i++) {
            if (!isAsciiDigit(epoch.charAt(i))) {
                throw new InvalidVersionException(text, "epoch '" + epoch + "' is not a number");
            }
        }
        try {
            return Integer.parseInt(epoch);
        } catch (NumberFormatException e) {
            // dpkg stores the epoch in an int too and rejects larger ones.
            throw new InvalidVersionException(text, "epoch '" + epoch + "' is too big");
        }
    }

    /** The epoch; 0 when the text has none. */
    public int epoch() {
        return epoch;
    }

    public String upstream() {
        return upstream;
    }

    /** The Debian revision; empty when the text has none (dpkg orders that like "0"). */
    public String revision() {
        return revision;
    }

    @Override
    public int compareTo(DebianVersion other) {
        int byEpoch = Integer.compare(epoch, other.epoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byUpstream = verrevcmp(upstream, other.upstream);
        if (byUpstream != 0) {
            return byUpstream;
        }
        return verrevcmp(revision, other.revision);
    }

    /** dpkg's lib/dpkg/version.c verrevcmp, step for step (only the sign of the result is meaningful). */
    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !isAsciiDigit(a.charAt(i))) || (j < b.length() && !isAsciiDigit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && isAsciiDigit(a.charAt(i)) && j < b.length() && isAsciiDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isAsciiDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isAsciiDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    /** '~' sorts before everything, even the end of the string; then the end and digits; letters; other characters. */
    private static int order(String s, int index) {
        if (index >= s.length()) {
            return 0;
        }
        char c = s.charAt(index);
        if (isAsciiDigit(c)) {
            return 0;
        }
        if (isAsciiLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /**
     * verrevcmp sees a string as (non-digit run, number) pairs, numbers compared without leading zeros and an absent
     * number counting as 0: two strings compare equal exactly when these pairs are equal.
     */
    private static String canonical(String s) {
        StringBuilder out = new StringBuilder(s.length() + 4);
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && !isAsciiDigit(s.charAt(i))) {
                out.append(s.charAt(i++));
            }
            while (i < s.length() && s.charAt(i) == '0') {
                i++;
            }
            int digits = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                i++;
            }
            // '/' cannot occur in a valid version, so it safely separates the runs.
            out.append('/').append(digits == i ? "0" : s.substring(digits, i)).append('/');
        }
        // A string of zeros is one pair ("", 0), which verrevcmp finds equal to the empty string (no pairs).
        String pairs = out.toString();
        return pairs.equals("/0/") ? "" : pairs;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return isAsciiDigit(c) || isAsciiLetter(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion && canonical.equals(((DebianVersion) o).canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The text this version was parsed from, unchanged. */
    @Override
    public String toString() {
        return text;
    }
}
