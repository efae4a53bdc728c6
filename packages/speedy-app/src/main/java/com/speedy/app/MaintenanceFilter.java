package com.speedy.app;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * While maintenance is on, answers 503 with Retry-After: a page for browsers, JSON for clients. It counts each refusal
 * in the metrics itself, because only it knows that this 503 was planned.
 */
final class MaintenanceFilter extends Filter {
    private final Maintenance maintenance;
    private final RequestMetrics metrics;

    MaintenanceFilter(Maintenance maintenance, RequestMetrics metrics) {
        this.maintenance = maintenance;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (!maintenance.isOn()) {
            chain.doFilter(exchange);
            return;
        }
        metrics.refusedForMaintenance();
        exchange.getResponseHeaders().set("Retry-After", Long.toString(maintenance.retryAfter().toSeconds()));
        if (ResponseFormat.fromAccept(exchange.getRequestHeaders().getFirst("Accept")) == ResponseFormat.HTML) {
            Exchanges.html(exchange, 503, Maintenance.PAGE);
        } else {
            Exchanges.json(exchange, 503, Map.of(
                    "error", "maintenance",
                    "message", "Speedy is being updated; try again later.",
                    "retryAfterSeconds", maintenance.retryAfter().toSeconds()));
        }
    }

    @Override
    public String description() {
        return "maintenance mode";
    }
}
