package com.speedy.app;

import java.util.Locale;

/** What a client asked for in its Accept header: a page for browsers, JSON for everything else. */
public enum ResponseFormat {
    HTML, JSON;

    /** Picks the media type with the higher q-value; a tie, a wildcard or no header at all means JSON. */
    public static ResponseFormat fromAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double html = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            } else if (type.equals("application/json") || type.endsWith("+json")) {
                json = Math.max(json, q);
            }
        }
        return html > json ? HTML : JSON;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].strip();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
