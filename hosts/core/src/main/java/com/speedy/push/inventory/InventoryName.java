package com.speedy.push.inventory;

import java.util.regex.Pattern;

/**
 * What host, group and environment names have in common: lower-case letters, digits, '-' and '.', starting with a
 * letter or digit, as DNS names are written. Hosts and groups share one namespace on the command line
 * ({@code push upgrade app db1}), so they follow one rule.
 */
public abstract sealed class InventoryName implements Comparable<InventoryName>
        permits HostName, GroupName, EnvironmentName {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    static final String RULE = "lower-case letters, digits, '-' and '.', starting with a letter or digit, at most 63";

    private final String name;

    InventoryName(String name) {
        this.name = name;
    }

    static String check(String kind, String text) throws InvalidNameException {
        if (text == null || !VALID.matcher(text).matches()) {
            throw new InvalidNameException(kind, text);
        }
        return text;
    }

    @Override
    public int compareTo(InventoryName other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((InventoryName) o).name.equals(name);
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
