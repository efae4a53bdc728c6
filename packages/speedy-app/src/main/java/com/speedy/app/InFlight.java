package com.speedy.app;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the API requests being handled right now, so that a rolling upgrade can wait for them to end before it stops
 * the service. It sits first, so that requests refused for maintenance count too.
 */
final class InFlight extends Filter {
    private final AtomicInteger count = new AtomicInteger();

    int count() {
        return count.get();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        count.incrementAndGet();
        try {
            chain.doFilter(exchange);
        } finally {
            count.decrementAndGet();
        }
    }

    @Override
    public String description() {
        return "requests in flight";
    }
}
