package com.speedy.monitoring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A stand-in for speedy-app on 127.0.0.1: answers each path with the status and JSON body a test set for it. */
final class AppDouble implements AutoCloseable {
    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    AppDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "{}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    AppDouble answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    /** The metrics contract: {@code notifications} given as JSON, or "null" where the app has no notifier. */
    AppDouble metrics(long requests, long errors, double mean, double p95, String notifications) {
        return answer("/metrics", 200, """
                {"requests":%d,"errors":%d,"latencyMillis":{"mean":%s,"p95":%s,"count":12,"windowSeconds":300},\
                "notifications":%s}""".formatted(requests, errors, mean, p95, notifications));
    }

    static String notifications(long pending, long oldestPendingSeconds, long delivered, long dead,
            long failedAttempts) {
        return """
                {"pending":%d,"oldestPendingSeconds":%d,"delivered":%d,"dead":%d,"failedAttempts":%d}"""
                .formatted(pending, oldestPendingSeconds, delivered, dead, failedAttempts);
    }

    /** The environment that points the scripts at this server. */
    Map<String, String> env() {
        return Map.of("SPEEDY_APP_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
