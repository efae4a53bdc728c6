package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DatabaseSettings;
import com.speedy.runtime.database.SchemaMigration;
import com.speedy.runtime.database.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API against a real PostgreSQL server, over real HTTP. */
class AppServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long the apps here hold a request the database cannot serve (10 s in the package's conffile). */
    private static final Duration HOLD = Duration.ofSeconds(2);

    @TempDir
    static Path stateDir;

    private static TestDatabase db;
    private static AppServer app;
    private static Path maintenanceFlag;
    private static Path drainFlag;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        maintenanceFlag = stateDir.resolve("maintenance");
        drainFlag = stateDir.resolve("draining");
        Path packageVersion = Files.writeString(stateDir.resolve("package-version"), "1.2.3~test-1\n");
        app = AppServer.start(settings(db.settings()), "1.2.3-test", packageVersion);
        awaitSchemaReady(app);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        db.close();
    }

    @Test
    void createsAPostAndReadsItBackWithItsTags() throws Exception {
        HttpResponse<String> created = post("/api/posts",
                "{\"author\":\"ana\",\"body\":\"Hello from Debian\",\"tags\":[\"Debian\",\"java\"]}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode post = json(created);
        assertThat(post.get("tags")).hasToString("[\"debian\",\"java\"]");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/posts/" + post.get("id").asLong());

        JsonNode fetched = json(get("/api/posts/" + post.get("id").asLong(), "application/json"));
        assertThat(fetched.get("body").asText()).isEqualTo("Hello from Debian");
        assertThat(fetched.get("tags")).hasToString("[\"debian\",\"java\"]");

        JsonNode byTag = json(get("/api/posts?tag=debian", "application/json"));
        assertThat(byTag).anySatisfy(p -> assertThat(p.get("id").asLong()).isEqualTo(post.get("id").asLong()));
    }

    @Test
    void answersBadRequestsWithTheReason() throws Exception {
        HttpResponse<String> noAuthor = post("/api/posts", "{\"body\":\"x\"}");
        assertThat(noAuthor.statusCode()).isEqualTo(400);
        assertThat(json(noAuthor).get("error").asText()).startsWith("author is required");

        assertThat(post("/api/posts", "{\"author\":\"a\",\"body\":\"x\",\"color\":1}").statusCode()).isEqualTo(400);
        assertThat(post("/api/posts", "not json").statusCode()).isEqualTo(400);
        assertThat(get("/api/posts?limit=0", "application/json").statusCode()).isEqualTo(400);
        assertThat(get("/api/posts/999999999", "application/json").statusCode()).isEqualTo(404);
        assertThat(get("/nowhere", "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void listsTrendingTagsMostPostsFirst() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM trending_tags");
            s.execute("INSERT INTO trending_tags VALUES ('java', 3, now()), ('debian', 7, now()), ('go', 1, now())");
        }

        JsonNode trending = json(get("/api/trending?limit=2", "application/json"));

        assertThat(trending).hasSize(2);
        assertThat(trending.get(0).get("tag").asText()).isEqualTo("debian");
        assertThat(trending.get(0).get("posts").asInt()).isEqualTo(7);
        assertThat(trending.get(1).get("tag").asText()).isEqualTo("java");
    }

    @Test
    void healthzReportsVersionDatabaseMaintenanceDrainingInFlightAndPackage() throws Exception {
        HttpResponse<String> health = get("/healthz", "*/*");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json(health);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("version").asText()).isEqualTo("1.2.3-test");
        assertThat(body.get("database").get("reachable").asBoolean()).isTrue();
        assertThat(body.get("database").get("writable").asBoolean()).isTrue();
        assertThat(body.get("database").get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(body.get("maintenance").asBoolean()).isFalse();
        assertThat(body.get("draining").asBoolean()).isFalse();
        assertThat(body.get("inFlight").asInt()).isZero();
        assertThat(body.get("package").asText()).as("the file's content, stripped").isEqualTo("1.2.3~test-1");
        assertThat(body.fieldNames()).toIterable().containsExactly(
                "status", "version", "database", "maintenance", "draining", "inFlight", "package");
    }

    @Test
    void drainingAnswers503OnHealthzButTheApiServesOnAndRemovingTheFlagEndsIt() throws Exception {
        Files.createFile(drainFlag);
        try {
            HttpResponse<String> health = get("/healthz", "application/json");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode body = json(health);
            assertThat(body.get("status").asText()).isEqualTo("draining");
            assertThat(body.get("draining").asBoolean()).isTrue();
            assertThat(body.get("database").get("writable").asBoolean()).as("the database is fine").isTrue();

            assertThat(get("/api/posts", "application/json").statusCode()).isEqualTo(200);
            assertThat(post("/api/posts", "{\"author\":\"ana\",\"body\":\"still here\"}").statusCode())
                    .isEqualTo(201);
        } finally {
            Files.delete(drainFlag);
        }

        HttpResponse<String> health = get("/healthz", "application/json");
        assertThat(health.statusCode()).as("no restart needed").isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("ok");
        assertThat(json(health).get("draining").asBoolean()).isFalse();
    }

    @Test
    void healthzCountsAnApiRequestInFlightUntilItIsAnswered() throws Exception {
        assertThat(inFlight()).isZero();
        byte[] body = "{\"author\":\"ana\",\"body\":\"sent slowly\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write(("POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Half the body: the handler has the request and waits in its read for the rest.
            out.write(body, 0, body.length / 2);
            out.flush();

            awaitInFlight(n -> n >= 1, "the half-sent POST");

            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 201");
        }
        // The count drops in the filter's finally, just after the answer went out.
        awaitInFlight(n -> n == 0, "none once it was answered");
    }

    @Test
    void healthzSaysDegradedNotDrainingAndPackageUnknownWhileTheDatabaseIsUnreachable() throws Exception {
        Files.createFile(drainFlag);
        try (AppServer down = startWithUnreachableDatabase()) {
            HttpResponse<String> health = get(down.port(), "/healthz");

            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode body = json(health);
            assertThat(body.get("status").asText()).as("the database outranks draining").isEqualTo("degraded");
            assertThat(body.get("draining").asBoolean()).isTrue();
            assertThat(body.get("package").asText()).as("no package-version file").isEqualTo("unknown");
        } finally {
            Files.delete(drainFlag);
        }
    }

    @Test
    void maintenanceModeAnswers503WithRetryAfterInTheFormatAsked() throws Exception {
        Files.createFile(maintenanceFlag);
        try {
            HttpResponse<String> browser = get("/api/posts", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertThat(browser.statusCode()).isEqualTo(503);
            assertThat(browser.headers().firstValue("Retry-After")).hasValue("120");
            assertThat(browser.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(browser.body()).contains("We'll be right back");

            HttpResponse<String> client = post("/api/posts", "{\"author\":\"a\",\"body\":\"x\"}");
            assertThat(client.statusCode()).isEqualTo(503);
            assertThat(client.headers().firstValue("Retry-After")).hasValue("120");
            assertThat(json(client).get("error").asText()).isEqualTo("maintenance");

            HttpResponse<String> health = get("/healthz", "application/json");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health).get("maintenance").asBoolean()).isTrue();
        } finally {
            Files.delete(maintenanceFlag);
        }
        assertThat(get("/api/posts", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void maintenanceModeShowsTheOperatorsNoticeFromTheFlagFileReadOnEveryRequest() throws Exception {
        Instant until = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(maintenanceFlag, "message=Moving to a <script>bigger</script> database server\n"
                + "until=" + until + "\n");
        try {
            HttpResponse<String> browser = get("/api/posts", "text/html");
            assertThat(browser.statusCode()).isEqualTo(503);
            assertThat(browser.headers().firstValue("Retry-After")).hasValueSatisfying(
                    s -> assertThat(Long.parseLong(s)).isBetween(3500L, 3600L));
            assertThat(browser.body()).contains("We'll be right back",
                    "<p>Moving to a &lt;script&gt;bigger&lt;/script&gt; database server</p>",
                    "We expect to be back by " + DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
                            .format(until) + " UTC");

            HttpResponse<String> client = get("/api/posts", "application/json");
            JsonNode body = json(client);
            assertThat(body.get("message").asText()).isEqualTo("Moving to a <script>bigger</script> database server");
            assertThat(body.get("until").asText()).isEqualTo(until.toString());
            assertThat(body.get("retryAfterSeconds").asText()).isEqualTo(client.headers().firstValue("Retry-After")
                    .orElseThrow());

            Files.writeString(maintenanceFlag, "message=Back soon\nuntil=tomorrow\n");
            HttpResponse<String> garbled = get("/api/posts", "text/html");
            assertThat(garbled.statusCode()).as("still maintenance").isEqualTo(503);
            assertThat(garbled.headers().firstValue("Retry-After")).hasValue("120");
            assertThat(garbled.body()).contains("We'll be right back").doesNotContain("Back soon", "expect");
            assertThat(json(get("/healthz", "application/json")).get("maintenance").isBoolean()).isTrue();
        } finally {
            Files.delete(maintenanceFlag);
        }
    }

    @Test
    void keepsRunningAndSaysSoWhileTheDatabaseIsUnreachable() throws Exception {
        try (AppServer down = startWithUnreachableDatabase()) {
            HttpResponse<String> health = get(down.port(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("database").get("reachable").asBoolean()).isFalse();

            HttpResponse<String> api = get(down.port(), "/api/trending");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void metricsCountApiRequestsButNotHealthzOrMetricsAndTimeThem() throws Exception {
        JsonNode before = metrics(app.port());

        assertThat(get("/api/posts", "application/json").statusCode()).isEqualTo(200);
        assertThat(get("/nowhere", "application/json").statusCode()).isEqualTo(404);
        assertThat(get("/healthz", "application/json").statusCode()).isEqualTo(200);
        HttpResponse<String> response = get("/metrics", "*/*");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode after = json(response);
        assertThat(after.get("requests").asLong()).isEqualTo(before.get("requests").asLong() + 2);
        assertThat(after.get("errors").asLong()).isEqualTo(before.get("errors").asLong());
        JsonNode latency = after.get("latencyMillis");
        assertThat(latency.get("count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(latency.get("mean").isDouble()).isTrue();
        assertThat(latency.get("p95").asDouble()).isPositive();
        assertThat(latency.get("windowSeconds").asLong()).isEqualTo(300);
    }

    @Test
    void metricsAnswerInMaintenanceModeAndCountARefusalAsARequestButNotAnError() throws Exception {
        JsonNode before = metrics(app.port());
        Files.createFile(maintenanceFlag);
        JsonNode during;
        try {
            assertThat(get("/api/posts", "application/json").statusCode()).isEqualTo(503);
            during = metrics(app.port());
        } finally {
            Files.delete(maintenanceFlag);
        }

        assertThat(during.get("requests").asLong()).isEqualTo(before.get("requests").asLong() + 1);
        assertThat(during.get("errors").asLong()).isEqualTo(before.get("errors").asLong());
    }

    @Test
    void metricsCountA5xxAsAnErrorAndStillAnswerWithoutNotificationsWhileTheDatabaseIsDown() throws Exception {
        try (AppServer down = startWithUnreachableDatabase()) {
            HttpResponse<String> api = get(down.port(), "/api/trending");
            assertThat(api.statusCode()).isEqualTo(503);

            JsonNode metrics = metrics(down.port());

            assertThat(metrics.get("requests").asLong()).isEqualTo(1);
            assertThat(metrics.get("errors").asLong()).isEqualTo(1);
            assertThat(metrics.get("latencyMillis").get("count").asLong()).isEqualTo(1);
            assertThat(metrics.get("notifications").isNull()).isTrue();
        }
    }

    @Test
    void metricsCountNotificationsByStatusOnceSpeedyNotifiersTableExists() throws Exception {
        assertThat(metrics(app.port()).get("notifications").isNull()).as("no notifications table yet").isTrue();

        try (Database notifier = Database.open(db.settings(), "speedy-notifier-migration")) {
            new SchemaMigration(notifier.dataSource(), "speedy-notifier").migrate();
        }
        assertThat(metrics(app.port()).get("notifications").get("failedAttempts").asLong()).as("an empty table")
                .isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // attempts as speedy-notifier counts them: a delivered row's successful try is one of its attempts
            s.execute("INSERT INTO notifications (recipient, payload, status, attempts, created_at) VALUES"
                    + " ('a', '{}', 'pending', 2, now() - interval '90 seconds'),"
                    + " ('b', '{}', 'pending', 0, now() - interval '10 seconds'),"
                    + " ('c', '{}', 'delivered', 1, now() - interval '1 day'),"
                    + " ('d', '{}', 'delivered', 3, now()), ('e', '{}', 'delivered', 1, now()),"
                    + " ('f', '{}', 'dead', 8, now() - interval '2 days')");
        }

        JsonNode notifications = metrics(app.port()).get("notifications");

        assertThat(notifications.get("pending").asLong()).isEqualTo(2);
        assertThat(notifications.get("oldestPendingSeconds").asLong()).isBetween(90L, 120L);
        assertThat(notifications.get("delivered").asLong()).isEqualTo(3);
        assertThat(notifications.get("dead").asLong()).isEqualTo(1);
        assertThat(notifications.get("failedAttempts").asLong()).as("a's 2, d's 2 before it went through, f's 8")
                .isEqualTo(12);

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE notifications SET status = 'delivered' WHERE status = 'pending'");
        }
        assertThat(metrics(app.port()).get("notifications").get("oldestPendingSeconds").asLong())
                .as("nothing pending").isZero();
    }

    @Test
    void aWriteRefusedAsReadOnlyIsHeldAndStoredOnceWhenTheDatabaseTakesWritesAgain() throws Exception {
        CompletableFuture<HttpResponse<String>> held;
        Instant sent;
        try {
            readOnly(true);
            sent = Instant.now();
            held = CompletableFuture.supplyAsync(() -> postUnchecked("{\"author\":\"hold\",\"body\":\"held-1\"}"));
            Thread.sleep(HOLD.toMillis() / 2);
            assertThat(held).as("held while the database is read-only").isNotDone();
        } finally {
            readOnly(false);
        }

        HttpResponse<String> created = held.get(HOLD.toSeconds() + 5, TimeUnit.SECONDS);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(HOLD.dividedBy(2));
        assertThat(rowsWithBody("held-1")).as("stored once").isEqualTo(1);
    }

    @Test
    void aWriteStillRefusedPastTheHoldAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        HttpResponse<String> refused;
        Duration took;
        try {
            readOnly(true);
            Instant sent = Instant.now();
            refused = post("/api/posts", "{\"author\":\"hold\",\"body\":\"held-2\"}");
            took = Duration.between(sent, Instant.now());
        } finally {
            readOnly(false);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).as("held for the bound, then answered").isBetween(HOLD, HOLD.plusSeconds(5));
        assertThat(rowsWithBody("held-2")).isZero();
        assertThat(post("/api/posts", "{\"author\":\"hold\",\"body\":\"after\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownIsLookedUpAndNotStoredTwice() throws Exception {
        // A deferred trigger fails the COMMIT itself, with the error a server shutting down sends.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'shutting down' USING ERRCODE = '57P01'; END $$");
            s.execute("CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON posts DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW WHEN (NEW.body = 'commit-fails') EXECUTE FUNCTION fail_commit()");
        }
        try {
            HttpResponse<String> unknown = post("/api/posts", "{\"author\":\"hold\",\"body\":\"commit-fails\"}");

            assertThat(unknown.statusCode()).as("not found on the primary: not stored, and not tried again")
                    .isEqualTo(503);
            assertThat(rowsWithBody("commit-fails")).isZero();
        } finally {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER fail_commit ON posts");
                s.execute("DROP FUNCTION fail_commit()");
            }
        }
    }

    /**
     * The database read-only for new sessions, or writable again, and speedy-app's sessions ended so that its next ones
     * see it: what a standby is to the app until it is promoted.
     */
    private static void readOnly(boolean on) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute("ALTER DATABASE " + db.name() + (on ? " SET default_transaction_read_only = on"
                    : " RESET default_transaction_read_only"));
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name()
                    + "' AND application_name = 'speedy-app'");
        }
    }

    private static long rowsWithBody(String body) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM posts WHERE body = '" + body + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static HttpResponse<String> postUnchecked(String body) {
        try {
            return post("/api/posts", body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An app whose database is a closed port: it starts all the same. */
    private static AppServer startWithUnreachableDatabase() throws IOException {
        DatabaseSettings nowhere = new DatabaseSettings("127.0.0.1", 1, "speedy", "speedy", "x", 2,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        return AppServer.start(settings(nowhere), "1.2.3-test", stateDir.resolve("no-package-version"));
    }

    private static AppSettings settings(DatabaseSettings database) {
        // db-ro names the same server, a primary: ReadRoute sends listings to the primary's pool.
        return new AppSettings("127.0.0.1", 0, database, database.host(), Duration.ofSeconds(10), HOLD,
                stateDir.resolve("maintenance"), Duration.ofMinutes(2),
                stateDir.resolve("draining"));
    }

    static void awaitSchemaReady(AppServer server) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!server.databaseMonitor().status().schemaReady()) {
            assertThat(Instant.now()).as("schema ready within 30 s: %s", server.databaseMonitor().status()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static HttpRequest.Builder request(int port, String path, String accept) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(request(app.port(), path, accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(app.port(), path, "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(port, path, "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int inFlight() throws IOException, InterruptedException {
        return json(get("/healthz", "application/json")).get("inFlight").asInt();
    }

    private static void awaitInFlight(IntPredicate expected, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        int seen;
        while (!expected.test(seen = inFlight())) {
            assertThat(Instant.now()).as("inFlight for %s within 10 s; last seen %d", what, seen).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static JsonNode metrics(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/metrics");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Exchanges.JSON.readTree(response.body());
    }
}
