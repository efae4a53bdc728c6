package com.speedy.repo.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/** The embedded HTTP server behind {@code repo-tool serve}: read-only, files under the repository, never conf/. */
public final class RepositoryServer {
    private RepositoryServer() {}

    /** Starts a server for the repository folder; GET and HEAD of files under it, nothing else. */
    public static HttpServer start(Path root, String bind, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/", exchange -> serve(root, exchange));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    private static void serve(Path root, HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
            } else if (!file.startsWith(root) || !Files.isRegularFile(file) || file.getFileName().toString().startsWith(".")
                    || root.relativize(file).startsWith("conf")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                long size = Files.size(file);
                exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : size);
                if (method.equals("GET")) {
                    try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }
}
