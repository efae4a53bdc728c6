package com.speedy.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A push gateway on 127.0.0.1 that records every request it gets, and answers 500 while told to fail. */
final class RecordingGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST as received: the parsed body, the User-Agent, and when it arrived (System.nanoTime()). */
    record Received(JsonNode body, String userAgent, long nanoTime) {
        long id() {
            return body.get("id").asLong();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile long delayMillis;

    RecordingGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/push", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/push");
    }

    /** Answer the next {@code n} requests with 500. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    void failAlways() {
        failuresLeft.set(Integer.MAX_VALUE);
    }

    /** Wait this long before answering each request. */
    void delay(long millis) {
        delayMillis = millis;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    List<Long> receivedIds() {
        return received().stream().map(Received::id).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode body = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            synchronized (this) {
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("User-Agent"), System.nanoTime()));
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            boolean fail = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            byte[] answer = (fail ? "gateway exploded" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 202, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
