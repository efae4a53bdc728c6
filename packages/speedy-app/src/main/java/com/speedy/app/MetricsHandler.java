package com.speedy.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the API's request counters and latency, and speedy-notifier's queue and failed delivery
 * attempts, as JSON for Munin plugins and Nagios checks, so that none of them reads logs. Always 200: when the queue
 * cannot be read (the notifier never ran against this database, or the database is down) {@code notifications} is null
 * and the rest still answers.
 */
final class MetricsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

    private final RequestMetrics requests;
    private final NotificationTable notifications;

    MetricsHandler(RequestMetrics requests, NotificationTable notifications) {
        this.requests = requests;
        this.notifications = notifications;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
            Exchanges.error(exchange, 404, "no such resource");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requests", requests.requests());
        body.put("errors", requests.errors());
        body.put("latencyMillis", requests.latency());
        body.put("notifications", notificationsOrNull());
        Exchanges.json(exchange, 200, body);
    }

    /** Null is the contract's "unknown" here; debug only, since a scrape every minute would repeat it all day. */
    private NotificationCounts notificationsOrNull() {
        try {
            return notifications.counts();
        } catch (SQLException e) {
            LOG.debug("notification counts unavailable: {}", e.getMessage());
            return null;
        }
    }
}
