package com.speedy.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.speedy.runtime.database.DatabaseMonitor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API: {@code GET|POST /api/posts}, {@code GET /api/posts/ID} and {@code GET /api/trending}.
 * While the database cannot serve for a moment (a switchover), a call is held by {@link DatabaseHold} and served once
 * it can; past the hold's bound, or while the database stays down, it answers 503 with Retry-After instead of hanging.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Pattern POST_ID = Pattern.compile("/api/posts/(\\d{1,18})");
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final ObjectReader NEW_POST = Exchanges.JSON.readerFor(PostRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The request body of {@code POST /api/posts}. */
    record PostRequest(String author, String body, List<String> tags) {}

    private final PostStore posts;
    private final DatabaseMonitor database;
    private final DatabaseHold hold;

    ApiHandler(PostStore posts, DatabaseMonitor database, DatabaseHold hold) {
        this.posts = posts;
        this.database = database;
        this.hold = hold;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (SQLException e) {
            LOG.warn("{} {} failed: database error: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.getMessage());
            database.check();
            exchange.getResponseHeaders().set("Retry-After", "5");
            Exchanges.error(exchange, 503, "database unavailable");
        } catch (BadRequest e) {
            Exchanges.error(exchange, 400, e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException, SQLException, BadRequest {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (!database.status().schemaReady()) {
            exchange.getResponseHeaders().set("Retry-After", "5");
            Exchanges.error(exchange, 503, "database unavailable");
            return;
        }
        Matcher id = POST_ID.matcher(path);
        if (path.equals("/api/posts") && method.equals("GET")) {
            Map<String, String> query = query(exchange);
            Optional<String> tag = Optional.ofNullable(query.get("tag"));
            int limit = limit(query);
            Exchanges.json(exchange, 200, hold.read(() -> posts.newest(tag, limit)));
        } else if (path.equals("/api/posts") && method.equals("POST")) {
            Post created = create(readNewPost(exchange));
            exchange.getResponseHeaders().set("Location", "/api/posts/" + created.id());
            Exchanges.json(exchange, 201, created);
        } else if (id.matches() && method.equals("GET")) {
            long postId = Long.parseLong(id.group(1));
            Optional<Post> post = hold.read(() -> posts.find(postId));
            if (post.isPresent()) {
                Exchanges.json(exchange, 200, post.get());
            } else {
                Exchanges.error(exchange, 404, "no post " + id.group(1));
            }
        } else if (path.equals("/api/trending") && method.equals("GET")) {
            int limit = limit(query(exchange));
            Exchanges.json(exchange, 200, hold.read(() -> posts.trending(limit)));
        } else if (path.equals("/api/posts") || path.equals("/api/trending") || id.matches()) {
            exchange.getResponseHeaders().set("Allow", path.equals("/api/posts") ? "GET, POST" : "GET");
            Exchanges.error(exchange, 405, method + " is not allowed on " + path);
        } else {
            Exchanges.error(exchange, 404, "no such resource: " + path);
        }
    }

    /**
     * Stores the post, held while the database cannot take it. When the answer to its COMMIT was lost, the primary
     * that follows tells whether it committed: found, it is the answer; not found, 503 (never a second copy).
     */
    private Post create(NewPost post) throws SQLException {
        try {
            return hold.write(() -> posts.create(post));
        } catch (PostStore.CommitUnknown unknown) {
            LOG.warn("{}; looking for it once the database takes writes", unknown.getMessage());
            Optional<Post> stored = hold.onceWritable(() -> posts.find(unknown.id()))
                    .filter(p -> p.author().equals(post.author()) && p.body().equals(post.body()));
            if (stored.isEmpty()) {
                throw unknown;
            }
            return stored.get();
        }
    }

    private static NewPost readNewPost(HttpExchange exchange) throws IOException, BadRequest {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new BadRequest("request body larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        try {
            PostRequest request = NEW_POST.readValue(bytes);
            if (request == null) {
                throw new BadRequest("expected a JSON object with author, body and tags");
            }
            return NewPost.of(request.author(), request.body(), request.tags());
        } catch (JsonProcessingException e) {
            throw new BadRequest("not a valid post: " + e.getOriginalMessage());
        } catch (NewPost.InvalidPost e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static int limit(Map<String, String> query) throws BadRequest {
        String text = query.get("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    /** A request the client got wrong: 400 with the reason. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
