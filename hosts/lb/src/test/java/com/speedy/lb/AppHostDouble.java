package com.speedy.lb;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An app host: a real HTTP server on 127.0.0.1 that answers every request with one status, headers and body. */
final class AppHostDouble implements AutoCloseable {
    private final HttpServer server;
    private final List<Headers> requests = new CopyOnWriteArrayList<>();

    private AppHostDouble(int status, Map<String, String> headers, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    static AppHostDouble answering(int status, Map<String, String> headers, String body) throws IOException {
        return new AppHostDouble(status, headers, body);
    }

    /** The line push writes into the pool for a host in it. */
    String poolLine() {
        return "server 127.0.0.1:" + server.getAddress().getPort() + " max_fails=1 fail_timeout=5s;\n";
    }

    /** The headers of every request this host got, in order. */
    List<Headers> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
