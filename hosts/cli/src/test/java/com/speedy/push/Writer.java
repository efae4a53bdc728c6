package com.speedy.push;

import com.speedy.testbed.TestbedHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Posts through the apps in turn, as fast as they answer, and records every attempt: its body, the app, when it started
 * and ended, and how it ended (an HTTP status, or the I/O error). A write counts as acknowledged only on 201. With
 * reads, each post is followed by a read of the newest posts through the same app (recorded with body {@code GET}).
 * A request may take up to 15 s: speedy-app holds one for up to 10 s while its database cannot serve it.
 */
public final class Writer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String READ = "GET";

    /** One client operation: a POST through {@code app}; {@code status} 0 when no answer came ({@code error} says why). */
    public record Op(String body, TestbedHost app, Instant start, Instant end, int status, String error) {
        public boolean acknowledged() {
            return status == 201;
        }

        /** Neither a stored write nor a served read. */
        public boolean failed() {
            return status != 201 && status != 200;
        }
    }

    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public Writer(List<TestbedHost> apps) {
        this(apps, false);
    }

    public Writer(List<TestbedHost> apps, boolean reads) {
        thread = new Thread(() -> {
            try {
                for (long n = 0; running.get(); n++) {
                    TestbedHost app = apps.get((int) (n % apps.size()));
                    String body = "w-" + System.nanoTime() + "-" + n;
                    attempt(body, app, () -> post(app, body));
                    if (reads) {
                        attempt(READ, app, () -> get(app));
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "writer");
        thread.start();
    }

    private interface Request {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private void attempt(String body, TestbedHost app, Request request) throws InterruptedException {
        Instant start = Instant.now();
        try {
            int status = request.send().statusCode();
            ops.add(new Op(body, app, start, Instant.now(), status, ""));
        } catch (IOException e) {
            // Not acknowledged: the checks only count what the app said it stored.
            ops.add(new Op(body, app, start, Instant.now(), 0, e.getClass().getSimpleName()));
        }
    }

    public static HttpResponse<String> post(TestbedHost app, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + app.address() + ":8080/api/posts"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"author\":\"writer\",\"body\":\"" + body + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(TestbedHost app) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + app.address() + ":8080/api/posts?limit=5"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every operation so far, in the order they ended. */
    public List<Op> ops() {
        return List.copyOf(ops);
    }

    public List<String> acknowledged() {
        return ops.stream().filter(Op::acknowledged).map(Op::body).toList();
    }

    public long acknowledgedAfter(Instant after, TestbedHost app) {
        return ops.stream().filter(o -> o.acknowledged() && o.app() == app && o.end().isAfter(after)).count();
    }

    public Optional<Instant> firstAcknowledgedAfter(Instant after) {
        return ops.stream().filter(Op::acknowledged).map(Op::end).filter(at -> at.isAfter(after))
                .min(Instant::compareTo);
    }

    /** Waits until every app acknowledged a write that ended after {@code after}; whether they did, at the timeout. */
    public boolean awaitAcknowledgedAfter(Instant after, int apps, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (appsAcknowledgedAfter(after) < apps) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private long appsAcknowledgedAfter(Instant after) {
        return ops.stream().filter(o -> o.acknowledged() && o.end().isAfter(after)).map(Op::app).distinct().count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
