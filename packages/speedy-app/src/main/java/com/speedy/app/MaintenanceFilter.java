package com.speedy.app;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * While maintenance is on, answers 503 with Retry-After: a page for browsers, JSON for clients, both with the
 * operator's notice. It counts each refusal in the metrics itself, because only it knows that this 503 was planned.
 */
final class MaintenanceFilter extends Filter {
    static final String STANDARD_MESSAGE = "Speedy is being updated; try again later.";
    private static final String PAGE_START = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Speedy is being updated</title></head>
            <body>
            <h1>We'll be right back</h1>
            <p>Speedy is being updated and will be back in a few minutes. Thank you for your patience.</p>
            """;
    private static final String PAGE_END = """
            </body>
            </html>
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Maintenance maintenance;
    private final RequestMetrics metrics;
    private final Clock clock;

    MaintenanceFilter(Maintenance maintenance, RequestMetrics metrics, Clock clock) {
        this.maintenance = maintenance;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Instant now = clock.instant();
        Optional<Notice> notice = maintenance.current(now);
        if (notice.isEmpty()) {
            chain.doFilter(exchange);
            return;
        }
        metrics.refusedForMaintenance();
        Duration retryAfter = notice.get().retryAfter(now, maintenance.retryAfter());
        exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
        if (ResponseFormat.fromAccept(exchange.getRequestHeaders().getFirst("Accept")) == ResponseFormat.HTML) {
            Exchanges.html(exchange, 503, page(notice.get(), now));
        } else {
            Exchanges.json(exchange, 503, body(notice.get(), retryAfter));
        }
    }

    /** The standard page, with the operator's message and the expected end in paragraphs of their own. */
    static String page(Notice notice, Instant now) {
        StringBuilder page = new StringBuilder(PAGE_START);
        notice.message().ifPresent(m -> page.append("<p>").append(escapeHtml(m)).append("</p>\n"));
        notice.until().ifPresent(u -> page.append("<p>We expect to be back by ").append(backBy(u, now))
                .append(".</p>\n"));
        return page.append(PAGE_END).toString();
    }

    /** "21:00 UTC", with the date when that is not today in UTC. */
    static String backBy(Instant until, Instant now) {
        ZonedDateTime at = until.atZone(ZoneOffset.UTC);
        String time = TIME.format(at) + " UTC";
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return at.toLocalDate().equals(today) ? time : time + " on " + at.toLocalDate();
    }

    /** {@code message} is the operator's when there is one, else the standard sentence; {@code until} only if set. */
    static Map<String, Object> body(Notice notice, Duration retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "maintenance");
        body.put("message", notice.message().orElse(STANDARD_MESSAGE));
        body.put("retryAfterSeconds", retryAfter.toSeconds());
        notice.until().ifPresent(u -> body.put("until", u.toString()));
        return body;
    }

    static String escapeHtml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String description() {
        return "maintenance mode";
    }
}
