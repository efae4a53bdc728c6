package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.runtime.database.DatabaseSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz against a database that hangs: a real socket that accepts every connection and never says a word. */
class HealthzBoundTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void healthzAnswers503WithinItsBoundWhileTheDatabaseHangs() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-database");
            acceptor.setDaemon(true);
            acceptor.start();
            DatabaseSettings hanging = new DatabaseSettings("127.0.0.1", silent.getLocalPort(), "speedy", "speedy",
                    "secret", 2, Duration.ofSeconds(5), Duration.ofSeconds(60));
            try (AppServer app = AppServer.start(new AppSettings("127.0.0.1", 0, hanging, hanging.host(),
                    Duration.ofSeconds(10), Duration.ofSeconds(10), stateDir.resolve("flag"),
                    Duration.ofMinutes(1), stateDir.resolve("draining")), "1.2.3-test",
                    stateDir.resolve("package-version"))) {
                // The client's own first request loads its classes and connects: on a busy machine that took 0.6 s,
                // which is not the server's answer time. A page that needs no database pays it.
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/no-such-page"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                for (int i = 0; i < 3; i++) {
                    Instant asked = Instant.now();
                    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + app.port() + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    Duration took = Duration.between(asked, Instant.now());

                    assertThat(took).as("answer " + i + " of /healthz").isLessThan(Duration.ofSeconds(2));
                    assertThat(health.statusCode()).isEqualTo(503);
                    JsonNode database = new ObjectMapper().readTree(health.body()).path("database");
                    assertThat(database.path("reachable").asBoolean()).isFalse();
                    assertThat(database.path("problem").asText()).contains("did not answer within 1.5 s");
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
