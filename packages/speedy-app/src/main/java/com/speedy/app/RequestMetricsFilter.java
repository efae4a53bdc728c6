package com.speedy.app;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Counts and times every request the API's handler answers (it sits behind the maintenance filter). */
final class RequestMetricsFilter extends Filter {
    private final RequestMetrics metrics;

    RequestMetricsFilter(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            // The handler has written and closed the answer by now; -1 means it failed before answering.
            metrics.answered(exchange.getResponseCode(), System.nanoTime() - start);
        }
    }

    @Override
    public String description() {
        return "request metrics";
    }
}
