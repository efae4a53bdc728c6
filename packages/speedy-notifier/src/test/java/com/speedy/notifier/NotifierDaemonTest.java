package com.speedy.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DatabaseSettings;
import com.speedy.runtime.database.SchemaMigration;
import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon against a real PostgreSQL server and a real HTTP gateway on 127.0.0.1. */
class NotifierDaemonTest {
    private static final Duration LONG_POLL = Duration.ofMinutes(1);
    private static final RetryPolicy QUICK_RETRIES =
            new RetryPolicy(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)));

    private TestDatabase db;
    private RecordingGateway gateway;
    private final List<NotifierDaemon> daemons = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        gateway = new RecordingGateway();
    }

    @AfterEach
    void stop() throws Exception {
        daemons.forEach(NotifierDaemon::close);
        gateway.close();
        db.close();
    }

    @Test
    void twoWorkersNeverDeliverOneNotificationTwice() throws Exception {
        migrate();
        execute("INSERT INTO notifications (recipient, payload)"
                + " SELECT 'user-' || g, jsonb_build_object('n', g) FROM generate_series(1, 200) g");
        gateway.delay(5);

        start(settings(db.settings(), QUICK_RETRIES, 10, Duration.ofMillis(200)), "host-a");
        start(settings(db.settings(), QUICK_RETRIES, 10, Duration.ofMillis(200)), "host-b");
        await("all 200 delivered", Duration.ofSeconds(60), () -> count("status = 'delivered'") == 200);

        List<Long> ids = longs("SELECT id FROM notifications ORDER BY id");
        assertThat(ids).hasSize(200);
        assertThat(gateway.receivedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count("attempts = 1 AND delivered_at IS NOT NULL")).isEqualTo(200);
        assertThat(gateway.received()).extracting(RecordingGateway.Received::userAgent)
                .as("both hosts took part").contains("speedy-notifier/host-a", "speedy-notifier/host-b");
    }

    @Test
    void postsTheIdTheRecipientAndThePayloadAsJson() throws Exception {
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        awaitSchemaReady(daemon);

        long id = insert("ana", "{\"title\": \"Hello\", \"badge\": 3}");
        await("delivered", Duration.ofSeconds(10), () -> count("status = 'delivered'") == 1);

        assertThat(gateway.received()).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo(new ObjectMapper().readTree(
                    "{\"id\": " + id + ", \"recipient\": \"ana\", \"payload\": {\"title\": \"Hello\", \"badge\": 3}}"));
            assertThat(r.userAgent()).isEqualTo("speedy-notifier/1.2.3-test");
        });
    }

    @Test
    void failingGatewayIsRetriedWithBackoffAndTheNotificationEndsDead() throws Exception {
        gateway.failAlways();
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        awaitSchemaReady(daemon);

        long id = insert("ana", "{}");
        await("dead", Duration.ofSeconds(10), () -> count("status = 'dead'") == 1);

        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT attempts, last_error, delivered_at FROM notifications")) {
            r.next();
            assertThat(r.getInt("attempts")).isEqualTo(3);
            assertThat(r.getString("last_error")).startsWith("HTTP 500 from " + gateway.url()).endsWith("gateway exploded");
            assertThat(r.getObject("delivered_at")).isNull();
        }
        List<RecordingGateway.Received> attempts = gateway.received();
        assertThat(attempts).extracting(RecordingGateway.Received::id).containsExactly(id, id, id);
        // 10 ms after the first failure, then 20 ms; a millisecond of slack for the two clocks involved
        assertThat(attempts.get(1).nanoTime() - attempts.get(0).nanoTime()).isGreaterThanOrEqualTo(millisAsNanos(9));
        assertThat(attempts.get(2).nanoTime() - attempts.get(1).nanoTime()).isGreaterThanOrEqualTo(millisAsNanos(19));
        Thread.sleep(200);
        assertThat(gateway.received()).as("a dead notification is not tried again").hasSize(3);
    }

    @Test
    void failedDeliveryIsRetriedUntilTheGatewayRecovers() throws Exception {
        gateway.failNext(2);
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        awaitSchemaReady(daemon);

        long id = insert("ana", "{}");
        await("delivered", Duration.ofSeconds(10), () -> count("status = 'delivered'") == 1);

        assertThat(gateway.receivedIds()).containsExactly(id, id, id);
        assertThat(count("attempts = 3 AND last_error IS NULL AND delivered_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void listenNotifyWakesTheWorkerLongBeforeThePoll() throws Exception {
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        awaitSchemaReady(daemon);
        await("listening", Duration.ofSeconds(10), daemon::listening);
        Thread.sleep(1_500); // past the worker's start-up checks: from here on only NOTIFY or the 1-minute poll wake it

        Instant inserted = Instant.now();
        insert("ana", "{}");
        await("delivered within 2 s of the INSERT", Duration.ofSeconds(2), () -> count("status = 'delivered'") == 1);
        assertThat(Duration.between(inserted, Instant.now())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void listenerReconnectsAfterItsConnectionIsKilled() throws Exception {
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        awaitSchemaReady(daemon);
        await("listening", Duration.ofSeconds(10), daemon::listening);
        Thread.sleep(1_500);
        List<Long> before = listenerPids();
        assertThat(before).hasSize(1);

        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'speedy-notifier-listener' AND datname = current_database()");
        await("a new LISTEN connection", Duration.ofSeconds(15),
                () -> !listenerPids().isEmpty() && !listenerPids().equals(before) && daemon.listening());
        Thread.sleep(1_500); // let the catch-up ring after reconnecting pass, so only NOTIFY can deliver the next row

        insert("ana", "{}");
        await("delivered within 2 s of the INSERT", Duration.ofSeconds(2), () -> count("status = 'delivered'") == 1);
    }

    @Test
    void closeFinishesTheDeliveryInFlightAndLeavesTheRestOfTheBatchPending() throws Exception {
        migrate();
        execute("INSERT INTO notifications (recipient, payload) SELECT 'user-' || g, '{}' FROM generate_series(1, 3) g");
        gateway.delay(1_000);
        NotifierDaemon daemon = start(settings(db.settings(), QUICK_RETRIES, 50, LONG_POLL), "1.2.3-test");
        await("first request in flight", Duration.ofSeconds(10), () -> gateway.received().size() == 1);

        daemon.close();

        assertThat(gateway.received()).hasSize(1);
        assertThat(count("status = 'delivered' AND id = " + gateway.receivedIds().get(0))).isEqualTo(1);
        assertThat(count("status = 'pending' AND attempts = 0")).isEqualTo(2);
    }

    @Test
    void keepsRunningWhileTheDatabaseIsUnreachableAndStopsPromptly() throws Exception {
        DatabaseSettings nowhere = new DatabaseSettings("127.0.0.1", 1, "speedy", "speedy", "x", 2,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        NotifierDaemon daemon = NotifierDaemon.start(settings(nowhere, QUICK_RETRIES, 50, Duration.ofMillis(100)),
                "1.2.3-test");
        Thread.sleep(1_500);

        assertThat(daemon.databaseMonitor().status().reachable()).isFalse();
        assertThat(daemon.listening()).isFalse();
        Instant closing = Instant.now();
        daemon.close();
        assertThat(Duration.between(closing, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    private NotifierSettings settings(DatabaseSettings database, RetryPolicy policy, int batchSize, Duration poll) {
        return new NotifierSettings(database, gateway.url(), Duration.ofSeconds(5), policy, batchSize, poll);
    }

    private NotifierDaemon start(NotifierSettings settings, String version) {
        NotifierDaemon daemon = NotifierDaemon.start(settings, version);
        daemons.add(daemon);
        return daemon;
    }

    private void migrate() {
        try (Database pool = Database.open(db.settings(), "notifier-test")) {
            new SchemaMigration(pool.dataSource(), "speedy-notifier").migrate();
        }
    }

    private long insert(String recipient, String payload) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO notifications (recipient, payload) VALUES (?, ?::jsonb) RETURNING id")) {
            s.setString(1, recipient);
            s.setString(2, payload);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String where) {
        return longs("SELECT count(*) FROM notifications WHERE " + where).get(0);
    }

    private List<Long> listenerPids() {
        return longs("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = 'speedy-notifier-listener' AND datname = current_database() ORDER BY pid");
    }

    private List<Long> longs(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<Long> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getLong(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitSchemaReady(NotifierDaemon daemon) throws InterruptedException {
        await("schema ready", Duration.ofSeconds(30), () -> daemon.databaseMonitor().status().schemaReady());
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("%s within %s", what, within).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static long millisAsNanos(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
