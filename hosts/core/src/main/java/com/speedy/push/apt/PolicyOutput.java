package com.speedy.push.apt;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code apt-cache policy NAME...} (C locale): a line {@code NAME:}, then indented {@code Field: value} lines. */
final class PolicyOutput {
    private PolicyOutput() {}

    /** Each package's value of one field ({@code Installed} or {@code Candidate}); {@code (none)} is left out. */
    static Map<String, String> field(String output, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        String current = null;
        for (String line : output.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
            } else if (current != null && line.strip().startsWith(field + ":")) {
                String value = line.strip().substring(field.length() + 1).strip();
                if (!value.equals("(none)")) {
                    values.put(current, value);
                }
            }
        }
        return values;
    }
}
