package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Promotion on real hosts: the app's login to the new primary checked before anything changes, the checkpoint that
 * pg_rewind needs after a promotion, a failed rejoin leaving the host fenced with the command to run next (a rewind
 * that finished kept for it), and speedy-app's /healthz answering in time while the primary hangs. db1 and db2 run
 * PostgreSQL (db2 made a standby by push db replica); app1 runs speedy-app from its .deb. The tests run in order, each
 * from the pair the one before left.
 */
@TestbedHosts({"pro-db1", "pro-db2", "pro-app1"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbPromotionIT {
    private static final String HBA = "/etc/postgresql/15/main/pg_hba.conf";
    private static final String START_CONF = "/etc/postgresql/15/main/start.conf";
    private static final String UNIT = "postgresql@15-main";

    private static Path dir;
    private static Path inventory;

    private TestbedHost db1;
    private TestbedHost db2;
    private TestbedHost app;

    @BeforeEach
    void pair(Testbed testbed) throws Exception {
        db1 = testbed.host("pro-db1");
        db2 = testbed.host("pro-db2");
        app = testbed.host("pro-app1");
        if (inventory != null) {
            return;
        }
        dir = Files.createTempDirectory("db-promotion-it");
        inventory = DbPair.writeInventory(dir, db1, db2, List.of(app), "speedy-app");
        DbPair.initPrimary(inventory, dir.resolve("logs"), "pro-db1");
        // db2 gets db1's pg_hba.conf, the app's rule with it.
        PushRun replica = push("db", "replica", "pro-db2", "--from", "pro-db1");
        assertThat(replica.exitCode()).as(replica.out()).isZero();
        Path deb = BuiltDebs.of("speedy-app");
        app.upload(deb, "/root/" + deb.getFileName());
        app.exec("sh", "-c", "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/" + deb.getFileName()
                + " && rm /root/" + deb.getFileName()).orThrow();
        DbPair.setPasswords(inventory, dir.resolve("logs"), List.of("speedy-app"));
        awaitHealthy(Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void aSwitchoverOrAForcedFailoverToAStandbyThatDoesNotAdmitTheAppIsRefusedAndChangesNothing() throws Exception {
        db2.exec("sh", "-c", "cp -p " + HBA + " /root/pg_hba.saved && sed -i '\\|^" + appRule() + "$|d' " + HBA
                + " && systemctl reload " + UNIT).orThrow();
        try {
            Map<String, String> before = snapshot();
            PushRun switchover = push("db", "switchover", "--to", "pro-db2");

            // The pair's pg_hba rules differ now, which a switchover checks first; the login is checked after that.
            assertThat(switchover.exitCode()).as(switchover.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(switchover.out()).contains("state: nothing was changed");
            assertThat(snapshot()).as("every host after the refused switchover").isEqualTo(before);

            db1.exec("systemctl", "stop", UNIT).orThrow();
            before = snapshot();
            PushRun failover = push("db", "failover", "--to", "pro-db2", "--force");

            assertThat(failover.exitCode()).as(failover.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(failover.out()).contains("STOPPED: speedy-app cannot log in to pro-db2", "no pg_hba.conf entry for"
                    + " host", "state: nothing was changed", "next: push db failover --to pro-db2 --force");
            assertThat(failover.out()).doesNotContain("promoting pro-db2", "fencing pro-db1");
            assertThat(snapshot()).as("every host after the refused failover").isEqualTo(before);
        } finally {
            db2.exec("sh", "-c", "mv /root/pg_hba.saved " + HBA + " && systemctl reload " + UNIT).orThrow();
            db1.exec("systemctl", "start", UNIT).orThrow();
        }
        awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void switchoversBackToBackAfterAFailoverAndARejoinRaisedTheTimelineEachLeaveAStreamingStandby() throws Exception {
        write(db1, db2);
        db1.exec("systemctl", "stop", UNIT).orThrow();
        PushRun failover = push("db", "failover", "--to", "pro-db2");
        assertThat(failover.exitCode()).as(failover.out()).isZero();
        PushRun rejoin = push("db", "rejoin", "pro-db1");
        assertThat(rejoin.exitCode()).as(rejoin.out()).isZero();

        for (String to : List.of("pro-db1", "pro-db2", "pro-db1", "pro-db2")) {
            write(to.equals("pro-db1") ? db2 : db1, to.equals("pro-db1") ? db1 : db2);
            PushRun switchover = push("db", "switchover", "--to", to);

            assertThat(switchover.exitCode()).as("switchover --to " + to + ":\n" + switchover.out()).isZero();
        }
        DbPair.assertReadOnlyStandby(db1);
        assertThat(awaitStreaming().out()).containsPattern("pro-db2\\s+primary\\s+6\\s+pro-db1 streaming");
    }

    @Test
    @Order(3)
    void aRejoinWhoseRewindTheprimaryRefusesLeavesTheHostFencedAndDownAndPrintsTheCommandThatThenSucceeds()
            throws Exception {
        String reject = "host postgres replicator " + db1.address() + "/32 reject";
        db2.exec("sh", "-c", "sed -i '1i " + reject + "' " + HBA + " && systemctl reload " + UNIT).orThrow();
        PushRun refused;
        try {
            refused = push("db", "rejoin", "pro-db1");
        } finally {
            db2.exec("sh", "-c", "sed -i '\\|^" + reject + "$|d' " + HBA + " && systemctl reload " + UNIT)
                    .orThrow();
        }

        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(refused.out()).contains("pg_rewind from " + db2.address() + " failed", "pro-db1 is left fenced"
                + " (start.conf manual) and stopped");
        assertThat(db1.read(START_CONF).strip()).isEqualTo("manual");
        assertThat(db1.exec("systemctl", "is-active", UNIT).stdout().strip()).isNotEqualTo("active");
        Matcher next = Pattern.compile("(?m)^next: (push db \\S+ .*?)\\s*$").matcher(refused.out());
        assertThat(next.find()).as("a next: line in\n" + refused.out()).isTrue();
        assertThat(next.group(1)).isEqualTo("push db rejoin pro-db1");

        PushRun again = push(next.group(1).substring("push ".length()).split(" "));

        assertThat(again.exitCode()).as(again.out()).isZero();
        DbPair.assertReadOnlyStandby(db1);
        assertThat(db1.read(START_CONF).strip()).isEqualTo("auto");
        assertThat(awaitStreaming().out()).containsPattern("pro-db2\\s+primary\\s+\\d+\\s+pro-db1 streaming");
    }

    @Test
    @Order(4)
    void aRejoinWhoseRewoundStandbyDoesNotStartKeepsItsRewindAndRunningItAgainStartsItWithoutRewinding()
            throws Exception {
        String dropIn = "/etc/systemd/system/" + UNIT + ".service.d/zz-drill-start-fails.conf";
        String marker = "/var/lib/postgresql/15/main.push-rejoin-rewound";
        // The standby starts, then its postgres processes are killed: rewound, and not shut down cleanly.
        db1.exec("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && printf '%s\\n' '[Service]' \"ExecStartPost=/bin/sh -c"
                + " 'pkill -KILL -x postgres; exit 1'\" > \"$1\" && systemctl daemon-reload", "sh", dropIn).orThrow();
        PushRun failed;
        try {
            failed = push("db", "rejoin", "pro-db1");
        } finally {
            db1.exec("sh", "-c", "rm -f " + dropIn + " && systemctl daemon-reload").orThrow();
        }

        assertThat(failed.exitCode()).as(failed.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(failed.out()).contains("rewound, but it did not start as a standby", "pro-db1 is left fenced"
                + " (start.conf manual) and stopped, its rewind kept (" + marker + ")");
        assertThat(db1.read(marker).strip()).isEqualTo("rewound from " + db2.address());
        assertThat(db1.read(START_CONF).strip()).isEqualTo("manual");
        assertThat(db1.exec("systemctl", "is-active", UNIT).stdout().strip()).isNotEqualTo("active");
        Matcher next = Pattern.compile("(?m)^next: (push db \\S+ .*?)\\s*$").matcher(failed.out());
        assertThat(next.find()).as("a next: line in\n" + failed.out()).isTrue();
        assertThat(next.group(1)).isEqualTo("push db rejoin pro-db1");

        PushRun again = push(next.group(1).substring("push ".length()).split(" "));

        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("rewound from " + db2.address() + " by an earlier rejoin")
                .doesNotContain("pg_rewind from");
        DbPair.assertReadOnlyStandby(db1);
        assertThat(db1.read(START_CONF).strip()).isEqualTo("auto");
        assertThat(db1.exec("test", "-e", marker).exitStatus()).as("the marker is removed once it runs").isNotZero();
        assertThat(awaitStreaming().out()).containsPattern("pro-db2\\s+primary\\s+\\d+\\s+pro-db1 streaming");
    }

    @Test
    @Order(5)
    void healthzAnswers503WithinTwoSecondsWhileThePrimaryHangs() throws Exception {
        List<Long> millis = new ArrayList<>();
        db2.exec("sh", "-c", "kill -STOP $(pgrep -u postgres -x postgres)").orThrow();
        try {
            for (int i = 0; i < 4; i++) {
                String answer = app.exec("timeout", "10", "bash", "-c", "s=$(date +%s%N); exec 3<>/dev/tcp/127.0.0.1/8080"
                        + " && printf 'GET /healthz HTTP/1.0\\r\\nAccept: application/json\\r\\n\\r\\n' >&3"
                        + " && cat <&3; e=$(date +%s%N); echo; echo \"took $(( (e - s) / 1000000 ))\"").stdout();
                Matcher took = Pattern.compile("took (\\d+)").matcher(answer);
                assertThat(took.find()).as(answer).isTrue();
                millis.add(Long.parseLong(took.group(1)));
                // Past the bound it says so; a check that ended meanwhile gives its own reason (the pool's timeout).
                assertThat(answer).as("answer " + i).contains(" 503 ", "\"reachable\":false", "\"problem\":\"");
                Thread.sleep(500);
            }
        } finally {
            db2.exec("sh", "-c", "kill -CONT $(pgrep -u postgres -x postgres)").orThrow();
        }
        System.out.println("DbPromotionIT: /healthz answered in " + millis + " ms while the primary hung");
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
        awaitHealthy(Duration.ofSeconds(30));
    }

    /**
     * Writes on the primary, as the apps do: the standby replays them into buffers that only a checkpoint writes out,
     * so that its promotion's own checkpoint (spread over minutes) is still under way when the next rewind reads it.
     */
    private static void write(TestbedHost primary, TestbedHost standby) throws InterruptedException {
        String lsn = primary.exec("sh", "-c", DbPair.PSQL + "\"INSERT INTO posts (author, body) SELECT 'filler',"
                + " md5(g::text) FROM generate_series(1, 20000) g\" && " + DbPair.PSQL
                + "'SELECT pg_current_wal_lsn()'").orThrow().stdout().strip();
        Instant deadline = Instant.now().plusSeconds(30);
        String replayed = "";
        while (Instant.now().isBefore(deadline) && !replayed.equals("t")) {
            Thread.sleep(200);
            replayed = standby.exec("sh", "-c", DbPair.PSQL + "\"SELECT pg_last_wal_replay_lsn() >= '" + lsn
                    + "'\"").stdout().strip();
        }
        assertThat(replayed).as(standby.name() + " replayed the writes up to " + lsn).isEqualTo("t");
    }

    /** What a refused command must leave as it was, on every host: files, flags, cluster and unit states. */
    private Map<String, String> snapshot() {
        Map<String, String> state = new LinkedHashMap<>();
        for (TestbedHost db : List.of(db1, db2)) {
            state.put(db.name(), db.exec("sh", "-c", "sha256sum /etc/hosts " + START_CONF + " " + HBA
                    + " /etc/postgresql/15/main/conf.d/* /var/lib/postgresql/15/main/postgresql.auto.conf"
                    + " /var/lib/postgresql/.pgpass-push-replica 2>&1; ls /var/lib/postgresql/15/main/*.signal 2>&1;"
                    + " systemctl is-active " + UNIT + "; pg_lsclusters --no-header").stdout());
        }
        state.put(app.name(), app.exec("sh", "-c", "sha256sum /etc/hosts /etc/speedy/speedy-app.conf 2>&1;"
                + " ls /var/lib/speedy-app/ 2>&1; systemctl is-active speedy-app").stdout());
        return state;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = app.exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz"
                    + " HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3").stdout();
            if (last.contains(" 200 ")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("pro-app1's /healthz not 200 within " + timeout + ": " + last);
    }


    /** The app's line in push db init's block of pg_hba.conf. */
    private String appRule() {
        return "host speedy speedy " + app.address() + "/32 scram-sha-256";
    }

    private PushRun push(String... args) {
        return DbPair.push(inventory, dir.resolve("logs"), args);
    }

    private PushRun awaitStreaming() throws InterruptedException {
        return DbPair.awaitStreaming(inventory, dir.resolve("logs"));
    }
}
