package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database pair on real hosts: PostgreSQL on db1 and db2 (a streaming standby made by push db replica), speedy-app,
 * speedy-notifier and speedy-jobs from their .debs on app1 and app2, and a writer posting through both apps while the
 * primary moves. The tests run in order: each starts from the pair the one before left.
 */
@TestbedHosts({"db1", "db2", "app1", "app2"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbSwitchoverIT {
    private static final String PSQL = DbPair.PSQL;
    /** The bound the failover test states: from the start of push db failover to the app's first write after it. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static DbPair pair;

    private Testbed testbed;
    private TestbedHost db1;
    private TestbedHost db2;
    private List<TestbedHost> apps;

    @BeforeEach
    void pair(Testbed testbed) throws Exception {
        this.testbed = testbed;
        if (pair == null) {
            pair = DbPair.setUp(testbed, "db-switchover-it", "");
        }
        db1 = pair.db1();
        db2 = pair.db2();
        apps = pair.apps();
    }

    @Test
    @Order(0)
    void listingsAreReadFromTheStreamingStandbyUntilItsReplayFallsFurtherBehindThanTheBoundThenFromThePrimary()
            throws Exception {
        for (TestbedHost host : everyHost()) {
            assertThat(alias(host, "db")).as("db on " + host.name()).isEqualTo(db1.address());
            assertThat(alias(host, "db-ro")).as("db-ro on " + host.name() + ", set by push db replica")
                    .isEqualTo(db2.address());
        }
        TestbedHost app = apps.get(0);
        db2.exec("sh", "-c", PSQL + "'SELECT pg_wal_replay_pause()'").orThrow();
        try {
            Instant paused = Instant.now();
            String body = "posted while db2 replays nothing " + paused.toEpochMilli();
            assertThat(api(app, body).statusCode()).isEqualTo(201);
            assertThat(DbPair.psql(db1, "SELECT count(*) FROM posts WHERE body = '" + body + "'")).isEqualTo("1");

            assertThat(api(app, null).body()).as("a listing right after the post: read from the paused"
                    + " standby db2, which is within db.read-max-lag (10 s)").doesNotContain(body);
            Instant deadline = paused.plusSeconds(25);
            while (!api(app, null).body().contains(body) && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
            }
            Duration seen = Duration.between(paused, Instant.now());
            assertThat(api(app, null).body()).as("a listing " + seen.toMillis() + " ms after db2's replay"
                    + " paused: read from the primary, since db2 is further behind than the bound").contains(body);
            assertThat(seen).as("the standby is left only once it is further behind than the bound")
                    .isGreaterThan(Duration.ofSeconds(8));
        } finally {
            db2.exec("sh", "-c", PSQL + "'SELECT pg_wal_replay_resume()'").orThrow();
        }
        assertThat(DbPair.psql(db2, "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                + " 'speedy-app-reads' AND client_addr IS NOT NULL").strip()).as("speedy-app's read pool on db2")
                .isNotEqualTo("0");
    }

    @Test
    @Order(1)
    void aSwitchoverUnderWritesAndReadsFailsNoRequestLosesNoWriteAndTheAppThenWritesToTheNewPrimary()
            throws Exception {
        try (Writer writer = new Writer(apps, true)) {
            awaitAcknowledged(writer, 10);

            Instant started = Instant.now();
            PushRun switchover = push("db", "switchover", "--to", "db2");
            Instant done = Instant.now();

            assertThat(switchover.exitCode()).as(switchover.out()).isZero();
            assertThat(switchover.out()).contains("moving db to db2", "speedy-app reads from it", "fencing db1",
                    "confirming db2 replayed db1's shutdown checkpoint", "promoting db2",
                    "re-attaching db1 as a standby of db2", "db1 streams from it",
                    "db-ro to db1 on every host");
            assertEveryAcknowledgedWriteOn(db2, writer, done);
            assertThat(writer.acknowledged()).as("acknowledged writes").hasSizeGreaterThan(10);
            for (TestbedHost app : apps) {
                assertThat(writer.acknowledgedAfter(done, app)).as(app.name() + " writes after the switchover")
                        .isPositive();
            }
            List<Writer.Op> during = writer.ops().stream().filter(o -> o.end().isAfter(started)
                    && o.start().isBefore(done)).toList();
            List<Long> millis = during.stream().map(o -> Duration.between(o.start(), o.end()).toMillis()).sorted()
                    .toList();
            System.out.println("DbSwitchoverIT switchover in " + Duration.between(started, done).toMillis() + " ms: "
                    + during.size() + " requests during it, " + during.stream().filter(Writer.Op::failed).count()
                    + " failed, p99 " + millis.get((int) Math.ceil(millis.size() * 0.99) - 1) + " ms, longest "
                    + millis.get(millis.size() - 1) + " ms");
            assertThat(writer.ops().stream().filter(Writer.Op::failed).toList())
                    .as("requests that failed: a switchover shows as latency, not errors").isEmpty();
            assertThat(during.stream().filter(o -> o.body().equals(Writer.READ))).as("reads during it").isNotEmpty();
        }
        DbPair.assertReadOnlyStandby(db1);
        assertThat(push("db", "status").out()).containsPattern("db2\\s+primary\\s+2\\s+db1 streaming")
                .containsPattern("db1\\s+standby\\s+2");
        for (TestbedHost host : everyHost()) {
            assertThat(alias(host, "db")).as("db on " + host.name()).isEqualTo(db2.address());
            assertThat(alias(host, "db-ro")).as("db-ro on " + host.name()).isEqualTo(db1.address());
        }
    }

    @Test
    @Order(2)
    void aSwitchoverToAStandbyThatDoesNotStreamAndAFailoverToALaggingOneAreRefusedAndChangeNothing()
            throws Exception {
        String conninfo = db1.exec("sh", "-c", PSQL + "'SHOW primary_conninfo'").orThrow().stdout().strip();
        db1.exec("sh", "-c", PSQL + "\"ALTER SYSTEM SET primary_conninfo = ''\" && " + PSQL
                + "'SELECT pg_reload_conf()'").orThrow();
        awaitNotStreaming();
        String hostsBefore = apps.get(0).read("/etc/hosts");

        PushRun switchover = push("db", "switchover", "--to", "db1");

        assertThat(switchover.exitCode()).as(switchover.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(switchover.out()).contains("STOPPED: db1 is not streaming from db2", "state: nothing was changed");
        assertThat(apps.get(0).exec("test", "-e", "/var/lib/speedy-app/maintenance").exitStatus())
                .as("no maintenance mode").isEqualTo(1);
        assertThat(apps.get(0).read("/etc/hosts")).isEqualTo(hostsBefore);

        // db2 takes writes that db1 never receives, then shuts down cleanly: a failover would lose them.
        db2.exec("sh", "-c", PSQL + "\"INSERT INTO posts (author, body) VALUES ('lagging', 'only on db2')\"")
                .orThrow();
        db2.exec("systemctl", "stop", "postgresql@15-main").orThrow();

        PushRun failover = push("db", "failover", "--to", "db1");

        assertThat(failover.exitCode()).as(failover.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(failover.out()).containsPattern("db1 lags: it received up to \\S+, db2 shut down at \\S+: at least"
                + " \\d+ bytes of writes would be lost").contains("Add --force", "state: nothing was changed");
        assertThat(apps.get(0).read("/etc/hosts")).isEqualTo(hostsBefore);
        DbPair.assertReadOnlyStandby(db1);

        db2.exec("systemctl", "start", "postgresql@15-main").orThrow();
        db1.exec("sh", "-c", PSQL + "\"ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''")
                + "'\" && " + PSQL + "'SELECT pg_reload_conf()'").orThrow();
        PushRun status = pair.awaitStreaming();
        assertThat(status.out()).containsPattern("db2\\s+primary\\s+2\\s+db1 streaming");
    }

    @Test
    @Order(3)
    void afterThePrimaryIsKilledAFailoverServesWritesAgainWithinItsBoundAndTheOldPrimaryNeverComesBackWritable()
            throws Exception {
        PushRun whilePrimaryRuns = push("db", "failover", "--to", "db1", "--force");
        assertThat(whilePrimaryRuns.exitCode()).as(whilePrimaryRuns.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(whilePrimaryRuns.out()).contains("db2 runs as the primary: a failover now would leave two"
                + " primaries");

        try (Writer writer = new Writer(apps)) {
            awaitAcknowledged(writer, 5);
            testbed.kill("db2");

            PushRun toTheDeadHost = push("db", "failover", "--to", "db2", "--force");
            assertThat(toTheDeadHost.exitCode()).as(toTheDeadHost.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(toTheDeadHost.out()).contains("db2 cannot be promoted: db2 unreachable");
            PushRun unforced = push("db", "failover", "--to", "db1");
            assertThat(unforced.exitCode()).as(unforced.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(unforced.out()).contains("db2 is unreachable: how much it wrote that db1 never received is"
                    + " unknown", "Add --force");

            Instant started = Instant.now();
            PushRun failover = push("db", "failover", "--to", "db1", "--force");

            assertThat(failover.exitCode()).as(failover.out()).isZero();
            assertThat(failover.out()).contains("promoting db1", "push db rejoin db2");
            writer.awaitAcknowledgedAfter(Instant.now(), apps.size(), Duration.ofSeconds(20));
            Instant firstWrite = writer.firstAcknowledgedAfter(started).orElseThrow();
            assertThat(Duration.between(started, firstWrite)).as("from the failover's start to the app's next write")
                    .isLessThan(FAILOVER_BOUND);
        }

        testbed.boot("db2");
        TestbedHost back = testbed.host("db2");
        assertThat(back.exec("systemctl", "is-active", "postgresql@15-main").stdout().strip())
                .as("the killed primary, booted again with start.conf auto, does not start").isNotEqualTo("active");
        assertThat(back.read("/etc/postgresql/15/main/start.conf").strip()).as("its start guard fenced it")
                .isEqualTo("manual");
        assertThat(back.exec("journalctl", "-u", "postgresql@15-main", "--no-pager").stdout())
                .contains("is on timeline 3, this cluster on 2");

        assertThat(dbAlias(back)).as("the failover could not reach db2: its db alias is as it was")
                .isEqualTo(back.address());
        PushRun rejoin = push("db", "rejoin", "db2");

        assertThat(rejoin.exitCode()).as(rejoin.out()).isZero();
        DbPair.assertReadOnlyStandby(back);
        assertThat(dbAlias(back)).as("db on the rejoined db2").isEqualTo(db1.address());
        for (TestbedHost host : everyHost()) {
            assertThat(alias(host, "db-ro")).as("db-ro on " + host.name() + " after the rejoin")
                    .isEqualTo(back.address());
        }
        assertThat(pair.awaitStreaming().out()).containsPattern("db1\\s+primary\\s+3\\s+db2 streaming");
    }

    @Test
    @Order(4)
    void aPrimaryKilledWhileASwitchoverFencedItIsBroughtBackOrSwitchedFromByTheCommandsItPrinted() throws Exception {
        try (Writer writer = new Writer(apps)) {
            awaitAcknowledged(writer, 5);
            killFenced(db1);

            PushRun undo = push("db", "switchover", "--to", "db1");

            assertThat(undo.exitCode()).as(undo.out()).isZero();
            assertThat(undo.out()).contains("undoing: db1 back as the primary (db2 was never promoted)");
            assertThat(db1.read("/etc/postgresql/15/main/start.conf").strip()).isEqualTo("auto");
            assertThat(pair.awaitStreaming().out()).containsPattern("db1\\s+primary\\s+3\\s+db2 streaming");

            awaitAcknowledged(writer, writer.acknowledged().size() + 5);
            killFenced(db1);

            PushRun goOn = push("db", "switchover", "--to", "db2");
            Instant done = Instant.now();

            assertThat(goOn.exitCode()).as(goOn.out()).isZero();
            assertThat(goOn.out()).contains("db1 is fenced and stopped, but not cleanly", "recovering db1",
                    "confirming db2 replayed db1's shutdown checkpoint", "promoting db2", "db1 streams from it");
            assertEveryAcknowledgedWriteOn(db2, writer, done);
        }
        DbPair.assertReadOnlyStandby(db1);
        assertThat(pair.awaitStreaming().out()).containsPattern("db2\\s+primary\\s+4\\s+db1 streaming");
    }

    /** The state a switchover leaves when the old primary dies just after it was fenced: fenced, crashed. */
    private static void killFenced(TestbedHost primary) {
        primary.exec("sh", "-c", "echo manual > /etc/postgresql/15/main/start.conf && systemctl daemon-reload"
                + " && systemctl kill --signal=KILL postgresql@15-main").orThrow();
        for (int i = 0; i < 50 && primary.exec("pgrep", "-u", "postgres", "postgres").exitStatus() == 0; i++) {
            primary.exec("sleep", "0.1");
        }
        assertThat(primary.exec("runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_controldata",
                "/var/lib/postgresql/15/main").orThrow().stdout()).as("a crashed primary")
                .contains("in production");
    }

    /** Once both apps wrote after {@code done}, the writer stops: every write it saw acknowledged is on primary. */
    private void assertEveryAcknowledgedWriteOn(TestbedHost primary, Writer writer, Instant done)
            throws InterruptedException {
        writer.awaitAcknowledgedAfter(done, apps.size(), Duration.ofSeconds(20));
        writer.close();
        Set<String> stored = new TreeSet<>(primary.exec("sh", "-c", PSQL + "\"SELECT body FROM posts WHERE author ="
                + " 'writer'\"").orThrow().stdout().lines().toList());
        assertThat(stored).as("every acknowledged write is on the new primary " + primary.name())
                .containsAll(writer.acknowledged());
    }

    private static String dbAlias(TestbedHost host) {
        return alias(host, "db");
    }

    private static String alias(TestbedHost host, String name) {
        return host.exec("getent", "ahosts", name).orThrow().stdout().lines().findFirst().orElse("")
                .split("\\s+")[0];
    }

    private List<TestbedHost> everyHost() {
        return List.of(testbed.host("db1"), testbed.host("db2"), apps.get(0), apps.get(1));
    }

    /** A listing of the latest posts (GET, {@code body} null) or a new post through {@code app}'s API. */
    private static HttpResponse<String> api(TestbedHost app, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + app.address() + ":8080/api/posts"
                + (body == null ? "?limit=50" : ""))).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"author\":\"reader\",\"body\":\"" + body + "\"}"));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitNotStreaming() throws InterruptedException {
        for (int i = 0; i < 60 && push("db", "status").out().contains("db1 streaming"); i++) {
            Thread.sleep(500);
        }
    }

    private static void awaitAcknowledged(Writer writer, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (writer.acknowledged().size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(writer.acknowledged()).as("writes before the change").hasSizeGreaterThanOrEqualTo(count);
    }

    private PushRun push(String... args) {
        return pair.push(args);
    }
}
