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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final String PSQL = DbPairs.PSQL;
    private static final String PASSWORD = "switchover-test";
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
        "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** The bound the failover test states: from the start of push db failover to the app's first write after it. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);

    private static Path dir;
    private static Path inventory;

    private Testbed testbed;
    private TestbedHost db1;
    private TestbedHost db2;
    private List<TestbedHost> apps;

    @BeforeEach
    void pair(Testbed testbed) throws Exception {
        this.testbed = testbed;
        db1 = testbed.host("db1");
        db2 = testbed.host("db2");
        apps = List.of(testbed.host("app1"), testbed.host("app2"));
        if (inventory != null) {
            return;
        }
        dir = Files.createTempDirectory("db-switchover-it");
        inventory = DbPairs.writeInventory(dir, db1, db2, apps, "speedy-app, speedy-notifier, speedy-jobs");
        for (TestbedHost db : List.of(db1, db2)) {
            db.exec("sh", "-c", "echo \"listen_addresses = '*'\" > /etc/postgresql/15/main/conf.d/testbed.conf"
                    + " && echo 'host speedy speedy 10.213.7.0/24 scram-sha-256' >> /etc/postgresql/15/main/pg_hba.conf")
                    .orThrow();
        }
        db1.exec("sh", "-c", "echo auto > /etc/postgresql/15/main/start.conf && systemctl daemon-reload"
                + " && systemctl start postgresql@15-main && cd / && runuser -u postgres -- psql -q -c"
                + " \"CREATE ROLE speedy LOGIN PASSWORD '" + PASSWORD + "'\" && runuser -u postgres -- createdb -O"
                + " speedy speedy").orThrow();
        PushRun replica = push("db", "replica", "db2", "--from", "db1");
        assertThat(replica.exitCode()).as(replica.out()).isZero();
        PushRun alias = push("db", "alias", "set", "db1");
        assertThat(alias.exitCode()).as(alias.out()).isZero();
        for (TestbedHost app : apps) {
            install(app);
        }
        for (TestbedHost app : apps) {
            awaitWrites(app, Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(1)
    void aSwitchoverUnderWritesLosesNoAcknowledgedWriteAndTheAppThenWritesToTheNewPrimary() throws Exception {
        try (Writer writer = new Writer(apps)) {
            awaitAcknowledged(writer, 10);

            PushRun switchover = push("db", "switchover", "--to", "db2");
            Instant done = Instant.now();

            assertThat(switchover.exitCode()).as(switchover.out()).isZero();
            assertThat(switchover.out()).contains("fencing db1", "confirming db2 replayed db1's shutdown checkpoint",
                    "promoting db2", "re-attaching db1 as a standby of db2", "db1 streams from it");
            writer.awaitAcknowledgedAfter(done, Duration.ofSeconds(20));
            writer.close();
            Set<String> stored = new TreeSet<>(db2.exec("sh", "-c", PSQL + "\"SELECT body FROM posts WHERE author ="
                    + " 'writer'\"").orThrow().stdout().lines().toList());
            assertThat(writer.acknowledged()).as("acknowledged writes").hasSizeGreaterThan(10);
            assertThat(stored).as("every acknowledged write is on the new primary")
                    .containsAll(writer.acknowledged());
            for (TestbedHost app : apps) {
                assertThat(writer.acknowledgedAfter(done, app)).as(app.name() + " writes after the switchover")
                        .isPositive();
            }
        }
        DbPairs.assertReadOnlyStandby(db1);
        assertThat(push("db", "status").out()).containsPattern("db2\\s+primary\\s+2\\s+db1 streaming")
                .containsPattern("db1\\s+standby\\s+2");
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
        DbPairs.assertReadOnlyStandby(db1);

        db2.exec("systemctl", "start", "postgresql@15-main").orThrow();
        db1.exec("sh", "-c", PSQL + "\"ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''")
                + "'\" && " + PSQL + "'SELECT pg_reload_conf()'").orThrow();
        PushRun status = awaitStreaming();
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
            writer.awaitAcknowledgedAfter(Instant.now(), Duration.ofSeconds(20));
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

        PushRun rejoin = push("db", "rejoin", "db2");

        assertThat(rejoin.exitCode()).as(rejoin.out()).isZero();
        DbPairs.assertReadOnlyStandby(back);
        assertThat(awaitStreaming().out()).containsPattern("db1\\s+primary\\s+3\\s+db2 streaming");
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

    private static void install(TestbedHost app) {
        app.exec("mkdir", "-p", "/root/debs").orThrow();
        List<String> argv = new ArrayList<>(List.of(APT));
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs")) {
            Path deb = BuiltDebs.of(name);
            app.upload(deb, "/root/debs/" + deb.getFileName());
            argv.add("/root/debs/" + deb.getFileName());
        }
        app.exec(argv.toArray(String[]::new)).orThrow();
        app.exec("sh", "-c", "sed -i 's/^#* *db.password = .*/db.password = " + PASSWORD + "/' /etc/speedy/*.conf"
                + " && systemctl restart speedy-app speedy-notifier && rm -rf /root/debs").orThrow();
    }

    private static void awaitWrites(TestbedHost app, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 201) {
            try {
                status = Writer.post(app, "setup").statusCode();
            } catch (java.io.IOException starting) {
                status = 0;
            }
            Thread.sleep(200);
        }
        assertThat(status).as(app.name() + " takes writes").isEqualTo(201);
    }

    private PushRun push(String... args) {
        return new DbPairs(inventory, dir.resolve("logs")).push(args);
    }

    private PushRun awaitStreaming() throws InterruptedException {
        return new DbPairs(inventory, dir.resolve("logs")).awaitStreaming();
    }

    /** Posts through the apps in turn, as fast as they answer, and records every write they acknowledged (201). */
    private static final class Writer implements AutoCloseable {
        private record Ack(String body, TestbedHost app, Instant at) {}

        private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(List<TestbedHost> apps) {
            thread = new Thread(() -> {
                for (long n = 0; running.get(); n++) {
                    TestbedHost app = apps.get((int) (n % apps.size()));
                    String body = "w-" + System.nanoTime() + "-" + n;
                    try {
                        if (post(app, body).statusCode() == 201) {
                            acks.add(new Ack(body, app, Instant.now()));
                        }
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    } catch (java.io.IOException e) {
                        // Not acknowledged: the test only counts what the app said it stored.
                    }
                }
            }, "writer");
            thread.start();
        }

        static HttpResponse<String> post(TestbedHost app, String body) throws java.io.IOException,
                InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + app.address() + ":8080/api/posts"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"author\":\"writer\",\"body\":\"" + body + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        List<String> acknowledged() {
            return acks.stream().map(Ack::body).toList();
        }

        long acknowledgedAfter(Instant after, TestbedHost app) {
            return acks.stream().filter(a -> a.app() == app && a.at().isAfter(after)).count();
        }

        java.util.Optional<Instant> firstAcknowledgedAfter(Instant after) {
            return acks.stream().map(Ack::at).filter(at -> at.isAfter(after)).min(Instant::compareTo);
        }

        void awaitAcknowledgedAfter(Instant after, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)
                    && acks.stream().filter(a -> a.at().isAfter(after)).map(Ack::app).distinct().count() < 2) {
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
