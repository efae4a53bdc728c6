package com.speedy.push.lb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What users are told while maintenance mode is on: the operator's message and when it should end, both optional. The
 * app reads it from its flag file (Java properties: {@code message}, {@code until}); the balancers get pages made
 * from it.
 */
public record MaintenanceNotice(Optional<String> message, Optional<Instant> until) {
    /** The balancer's Retry-After when no end is given (speedy-lb's own pages say the same). */
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The app's flag file: empty without a message or end, so that the app answers as it always did. */
    public String flagFile() {
        if (message.isEmpty() && until.isEmpty()) {
            return "";
        }
        Properties p = new Properties();
        message.ifPresent(m -> p.setProperty("message", m));
        until.ifPresent(u -> p.setProperty("until", u.toString()));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "written by push maintenance on");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store starts with a line holding the date: left out, so the same notice is the same file.
        return text.toString().lines().filter(l -> !l.startsWith("#") || l.startsWith("#written"))
                .reduce("", (a, l) -> a + l + "\n");
    }

    /** The balancer's page for browsers. */
    public String html() {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Speedy is being updated</title></head>
                <body>
                <h1>We'll be right back</h1>
                <p>Speedy is being updated and will be back in a few minutes. Thank you for your patience.</p>
                """);
        message.ifPresent(m -> page.append("<p>").append(escape(m)).append("</p>\n"));
        until.ifPresent(u -> page.append("<p>We expect to be back by ").append(TIME.format(u)).append(".</p>\n"));
        return page.append("</body>\n</html>\n").toString();
    }

    /** The balancer's answer for API clients. */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "maintenance");
        body.put("message", message.orElse("Speedy is being updated and will be back in a few minutes."));
        until.ifPresent(u -> body.put("until", u.toString()));
        body.put("retryAfterSeconds", RETRY_AFTER.toSeconds());
        try {
            return JSON.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
