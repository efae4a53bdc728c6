package com.speedy.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A user of the product through the load balancer: reads and posts in turn, as fast as answers come, for at most
 * {@link #LIMIT} requests or {@link #LIMIT_TIME}, and records each. A new connection per request (Connection: close):
 * a browser sends a request again when a kept-alive connection closes under it, which this client would not, and
 * a reload closes nginx's idle ones. A write counts as acknowledged only on 201.
 */
final class BalancerClient implements AutoCloseable {
    static final int LIMIT = 20_000;
    static final Duration LIMIT_TIME = Duration.ofMinutes(8);

    /** One request: GET or POST, its body for a POST, how long it took, its status (0: no answer, see error). */
    record Op(String method, String body, Instant start, Duration took, int status, String error) {
        boolean failed() {
            return status < 200 || status >= 300;
        }

        @Override
        public String toString() {
            return method + " at " + start + ": " + (status == 0 ? error : status + " " + error);
        }
    }

    private final URI base;
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    BalancerClient(String address) {
        base = URI.create("http://" + address + "/");
        Instant until = Instant.now().plus(LIMIT_TIME);
        thread = new Thread(() -> {
            for (int n = 0; running.get() && n < LIMIT && Instant.now().isBefore(until); n++) {
                ops.add(n % 2 == 0 ? request("GET", null) : request("POST", "lb-" + System.nanoTime() + "-" + n));
            }
        }, "balancer-client");
        thread.start();
    }

    private Op request(String method, String body) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve("api/posts").toURL().openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(15_000);
            c.setRequestMethod(method);
            c.setRequestProperty("Connection", "close");
            c.setRequestProperty("Accept", "application/json");
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(("{\"author\":\"lb-client\",\"body\":\"" + body + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            String answer;
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Op(method, body, start, Duration.ofNanos(System.nanoTime() - t0), status,
                    status < 300 ? "" : answer.strip());
        } catch (IOException e) {
            return new Op(method, body, start, Duration.ofNanos(System.nanoTime() - t0), 0, e.toString());
        }
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    List<Op> failures() {
        return ops.stream().filter(Op::failed).toList();
    }

    /** The bodies of the posts the product said it stored. */
    List<String> acknowledged() {
        return ops.stream().filter(o -> o.status() == 201).map(Op::body).toList();
    }

    /** The 99th percentile of the requests' times, in milliseconds. */
    long p99Millis() {
        List<Long> times = ops.stream().map(o -> o.took().toMillis()).sorted().toList();
        return times.isEmpty() ? 0 : times.get(Math.min(times.size() - 1, (int) Math.ceil(times.size() * 0.99) - 1));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
