package com.speedy.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code push dashboard} in a process of its own, as an operator starts it (any free port, a 2 s refresh), and what it
 * serves: the page's address and its data, {@code /fleet.json}.
 */
final class DashboardRun implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final Path output;
    private final String url;

    private DashboardRun(Process process, Path output, String url) {
        this.process = process;
        this.output = output;
        this.url = url;
    }

    /** Starts it on {@code inventory}, reading runs from {@code logs}, and waits for its address (30 s at most). */
    static DashboardRun start(Path inventory, Path logs) throws IOException, InterruptedException {
        Path output = Files.createTempFile("push-dashboard", ".out");
        Process process = PushRun.process(output, List.of(), "dashboard", "--port", "0", "--refresh", "2s",
                "--log-dir", logs.toString(), "-i", inventory.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = URL.matcher(Files.readString(output));
            if (m.find()) {
                return new DashboardRun(process, output, m.group(1));
            }
            Thread.sleep(100);
        }
        process.destroy();
        throw new AssertionError("push dashboard gave no address within 30 s:\n" + Files.readString(output));
    }

    String url() {
        return url;
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** {@code /fleet.json}, asked again until {@code wanted} holds (60 s at most). */
    JsonNode fleetWhen(String what, Predicate<JsonNode> wanted) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "fleet.json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("fleet.json: HTTP " + response.statusCode() + ": " + response.body());
            }
            last = new ObjectMapper().readTree(response.body());
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the dashboard's data never showed " + what + " within 60 s; last:\n" + last);
    }

    /** The status of a request with {@code method} to {@code path}, e.g. a write the read-only page must refuse. */
    int status(String method, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
