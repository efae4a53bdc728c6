package com.speedy.repo.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The embedded HTTP server behind {@code repo-tool serve}: read-only, files under the repository, never conf/ nor a
 * hidden name (a suite's generation folders and temporary files); symlinks (dists/SUITE) are followed. Sends
 * Last-Modified and an ETag and answers If-Modified-Since / If-None-Match with 304, so that apt fetches an unchanged
 * InRelease only once.
 */
public final class RepositoryServer {
    private static final java.time.Duration SETTLE = java.time.Duration.ofMillis(100);

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
            } else if (!file.startsWith(root) || !Files.isRegularFile(file) || hidden(root.relativize(file))
                    || root.relativize(file).startsWith("conf")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                // One open file: a publish may switch the suite between a stat and a read of the path.
                try (InputStream in = Files.newInputStream(file)) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    Instant changed = changed(root, file, attributes);
                    Instant modified = changed.truncatedTo(ChronoUnit.SECONDS);
                    String etag = "\"" + Long.toHexString(attributes.size()) + "-"
                            + Long.toHexString(changed.toEpochMilli()) + "-" + attributes.fileKey().hashCode() + "\"";
                    // HTTP dates have whole seconds: a date of this very second could also be that of a change still
                    // to come in it, so it is not trusted until the second is over (with a margin for the kernel's
                    // coarse clock that file times come from), and until then the second before is given. Given no
                    // date at all, apt dates its copy by its own clock, and a change later in the same second would
                    // then be answered 304 (AptClientIT saw it once: the 50th publish missed by a final update).
                    boolean settled = modified.isBefore(Instant.now().minus(SETTLE).truncatedTo(ChronoUnit.SECONDS));
                    exchange.getResponseHeaders().set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(ZonedDateTime.ofInstant(settled ? modified : modified.minusSeconds(1),
                                    ZoneOffset.UTC)));
                    exchange.getResponseHeaders().set("ETag", etag);
                    if (settled && notModified(exchange, modified, etag)) {
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : attributes.size());
                    if (method.equals("GET")) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            in.transferTo(out);
                        }
                    }
                }
            }
        }
    }

    /**
     * When what this URL names last changed: the file's mtime, or later the moment a symlink on its path was made
     * (dists/SUITE moves to a new generation whose files may have been written a little before the switch).
     */
    private static Instant changed(Path root, Path file, BasicFileAttributes attributes) throws IOException {
        Instant changed = attributes.lastModifiedTime().toInstant();
        Path p = root;
        for (Path part : root.relativize(file)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                Instant made = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                changed = made.isAfter(changed) ? made : changed;
            }
        }
        return changed;
    }

    /** RFC 9110: If-None-Match, when sent, decides alone; otherwise If-Modified-Since. */
    private static boolean notModified(HttpExchange exchange, Instant modified, String etag) {
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return ifNoneMatch.strip().equals("*") || java.util.Arrays.stream(ifNoneMatch.split(","))
                    .map(String::strip).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals);
        }
        return since(exchange.getRequestHeaders().getFirst("If-Modified-Since"))
                .filter(since -> !modified.isAfter(since)).isPresent();
    }

    private static Optional<Instant> since(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a date we cannot read: send the file
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
