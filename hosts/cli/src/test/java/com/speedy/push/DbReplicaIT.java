package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push db replica between two testbed hosts' real PostgreSQL clusters. Every test starts from two fresh, stopped
 * clusters (dropped and created again), so that none depends on what another left.
 */
@TestbedHosts({"host1", "host2"})
class DbReplicaIT {
    private static final String PSQL = "cd / && runuser -u postgres -- psql -XAtq -d postgres -c ";
    private static final String SPEEDY = "cd / && runuser -u postgres -- psql -XAtq -d speedy -c ";
    private static final String CONF = "/etc/postgresql/15/main";
    private static final String DATA = "/var/lib/postgresql/15/main";
    private static final String START = "echo auto > " + CONF + "/start.conf && systemctl daemon-reload"
            + " && systemctl start postgresql@15-main";
    /** What a refused replica must leave exactly as it was, on both hosts. */
    private static final String STATE = "sha256sum " + CONF + "/pg_hba.conf /var/lib/postgresql/.pgpass-push-replica "
            + CONF + "/push-peers " + CONF + "/start.conf " + DATA + "/postgresql.auto.conf"
            + " /usr/local/lib/push/pg-start-guard /etc/systemd/system/postgresql@.service.d/push-start-guard.conf"
            + " /etc/hosts 2>&1; ls -d " + DATA + "* 2>&1; systemctl is-active postgresql@15-main; true";
    /** A walsender a failed test left stopped (SIGSTOP) would keep PostgreSQL from stopping. */
    private static final String THAW = "pkill -CONT -u postgres;";
    private static final String HBA_RULES = "SELECT string_agg(concat_ws(' ', type, array_to_string(database, ','),"
            + " array_to_string(user_name, ','), address, netmask, auth_method), '; ' ORDER BY line_number)"
            + " FROM pg_hba_file_rules WHERE error IS NULL";

    @TempDir
    Path dir;

    private TestbedHost primary;
    private TestbedHost standby;
    private Path inventory;

    @BeforeEach
    void freshClusters(Testbed testbed) throws Exception {
        primary = testbed.host("host1");
        standby = testbed.host("host2");
        inventory = Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh()
                + "groups:\n  db:\n"
                + "hosts:\n"
                + "  host1:\n    address: " + primary.address() + "\n    groups: [db]\n"
                + "  host2:\n    address: " + standby.address() + "\n    groups: [db]\n");
        for (TestbedHost host : List.of(primary, standby)) {
            host.exec("sh", "-c", THAW + " pkill -x pg_basebackup;"
                    + " pg_dropcluster --stop 15 main; rm -rf " + DATA + " " + DATA + ".*"
                    + " /var/lib/postgresql/.pgpass-push-replica /usr/local/lib/push/pg-start-guard"
                    + " /etc/systemd/system/postgresql@.service.d/push-start-guard.conf && systemctl daemon-reload"
                    + " && pg_createcluster -p 5432 --start-conf manual 15 main >/dev/null"
                    + " && echo \"listen_addresses = '*'\" > " + CONF + "/conf.d/testbed.conf").orThrow();
        }
        primary.exec("sh", "-c", START).orThrow();
    }

    @AfterEach
    void stopClusters() {
        for (TestbedHost host : List.of(standby, primary)) {
            host.exec("sh", "-c", THAW + " systemctl stop postgresql@15-main;"
                    + " echo manual > " + CONF + "/start.conf; systemctl daemon-reload").orThrow();
        }
    }

    @Test
    void aStandbyStreamsFromThePrimaryReplaysItsWritesAndStatusShowsBoth() throws Exception {
        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isZero();
        assertThat(replica.out()).contains("host2 streams from host1");
        assertReplicates(42);
        assertThat(standby.exec("sh", "-c", PSQL + "'SELECT pg_is_in_recovery()'").stdout().strip()).isEqualTo("t");
        PushRun status = push("db", "status");
        assertThat(status.out()).containsPattern("host1\\s+primary\\s+1\\s+host2 streaming")
                .containsPattern("host2\\s+standby\\s+1");
    }

    @Test
    void aRunningHostThatHoldsADatabaseOfItsOwnIsNotMadeAStandbyAndNothingChanges() {
        standby.exec("sh", "-c", START + " && cd / && runuser -u postgres -- createdb keepme").orThrow();
        List<String> before = state();

        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(replica.out()).contains("host2 holds data of its own: database keepme")
                .contains("host2 runs as a primary")
                .as("the primary is not touched either").doesNotContainPattern("host1\\s+changed");
        assertThat(state()).as("both hosts byte-identical").isEqualTo(before);
        assertThat(standby.exec("sh", "-c", PSQL + "'SELECT datname FROM pg_database'").stdout()).contains("keepme");
    }

    @Test
    void aStoppedHostWithADatabaseIsRefusedNamingItAndKeepsEveryRow() {
        holdSpeedyWith1000Rows(standby);
        standby.exec("systemctl", "stop", "postgresql@15-main").orThrow();
        List<String> before = state();

        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(replica.out()).contains("host2 holds data of its own: database speedy (oid 16384)",
                "push db replica host2 --from host1 --discard-data");
        assertThat(state()).as("both hosts byte-identical").isEqualTo(before);
        standby.exec("sh", "-c", START).orThrow();
        assertThat(standby.exec("sh", "-c", SPEEDY + "'SELECT count(*) FROM posts'").orThrow().stdout().strip())
                .isEqualTo("1000");
    }

    @Test
    void aHostWhosePostmasterWasKilledIsRefusedAndKeepsEveryRowAfterCrashRecovery() throws Exception {
        holdSpeedyWith1000Rows(standby);
        standby.exec("sh", "-c", "kill -9 $(head -1 " + DATA + "/postmaster.pid); while pgrep -u postgres -x postgres"
                + " >/dev/null; do sleep 0.2; done").orThrow();
        List<String> before = state();

        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(replica.out()).contains("host2 holds data of its own: database");
        assertThat(state()).as("both hosts byte-identical").isEqualTo(before);
        standby.exec("sh", "-c", "systemctl reset-failed postgresql@15-main; " + START).orThrow();
        assertThat(standby.exec("sh", "-c", SPEEDY + "'SELECT count(*) FROM posts'").orThrow().stdout().strip())
                .isEqualTo("1000");
    }

    @Test
    void aReplicaFromAHostThatIsNotARunningPrimaryChangesNothingAndStreamingGoesOn() throws Exception {
        PushRun first = push("db", "replica", "host2", "--from", "host1");
        assertThat(first.exitCode()).as(first.out()).isZero();
        // host1 is down for a moment: "holds no data" must not follow from a query that cannot run.
        primary.exec("systemctl", "stop", "postgresql@15-main").orThrow();
        List<String> before = state();

        PushRun backwards = push("db", "replica", "host1", "--from", "host2");

        assertThat(backwards.exitCode()).as(backwards.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(backwards.out()).contains("host2 is not a running primary");
        assertThat(state()).as("both hosts byte-identical").isEqualTo(before);
        primary.exec("systemctl", "start", "postgresql@15-main").orThrow();
        awaitStreaming();
        assertReplicates(7);
    }

    @Test
    void theStandbyCarriesThePrimarysPgHbaRulesForTheApps() throws Exception {
        primary.exec("sh", "-c", "echo 'host speedy speedy 10.213.7.0/24 scram-sha-256' >> " + CONF + "/pg_hba.conf"
                + " && systemctl reload postgresql@15-main").orThrow();

        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isZero();
        String rules = primary.exec("sh", "-c", PSQL + "\"" + HBA_RULES + "\"").orThrow().stdout().strip();
        assertThat(rules).contains("host speedy speedy 10.213.7.0 255.255.255.0 scram-sha-256");
        assertThat(standby.exec("sh", "-c", PSQL + "\"" + HBA_RULES + "\"").orThrow().stdout().strip())
                .isEqualTo(rules);
    }

    @Test
    void discardDataMovesTheOldDataDirectoryAsideAndClones() throws Exception {
        holdSpeedyWith1000Rows(standby);
        standby.exec("systemctl", "stop", "postgresql@15-main").orThrow();

        PushRun replica = push("db", "replica", "host2", "--from", "host1", "--discard-data");

        assertThat(replica.exitCode()).as(replica.out()).isZero();
        assertThat(replica.out()).contains("moved aside to " + DATA + ".replaced-", "host2 streams from host1");
        String aside = standby.exec("sh", "-c", "ls -d " + DATA + ".replaced-*").orThrow().stdout().strip();
        assertThat(replica.out()).contains("rm -rf " + aside);
        assertThat(standby.exec("test", "-d", aside + "/base/16384").exitStatus()).as("the old database, kept").isZero();
        assertReplicates(9);
        assertThat(standby.exec("sh", "-c", PSQL + "'SELECT datname FROM pg_database'").stdout())
                .doesNotContain("speedy");
    }

    @Test
    void discardDataStillRefusesAHostThatRunsAsAPrimary() {
        standby.exec("sh", "-c", START).orThrow();
        List<String> before = state();

        PushRun replica = push("db", "replica", "host2", "--from", "host1", "--discard-data");

        assertThat(replica.exitCode()).as(replica.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(replica.out()).contains("host2 runs as a primary");
        assertThat(state()).as("both hosts byte-identical").isEqualTo(before);
    }

    @Test
    void dryRunShowsTheVerdictsAndChangesNothing() {
        holdSpeedyWith1000Rows(standby);
        standby.exec("systemctl", "stop", "postgresql@15-main").orThrow();
        List<String> before = state();

        PushRun dry = push("db", "replica", "host2", "--from", "host1", "--dry-run");

        assertThat(dry.out()).contains("host1 is a running primary", "host2 holds data of its own: database speedy");
        assertThat(dry.exitCode()).as(dry.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aReplicaKilledWhilePgBasebackupCopiesIsFinishedByRunningItAgain() throws Exception {
        holdSpeedyWith1000Rows(primary);
        primary.exec("sh", "-c", SPEEDY + "'CREATE TABLE filler AS SELECT g, md5(g::text) AS h FROM"
                + " generate_series(1, 1000000) g'").orThrow();
        Process push = pushProcess("db", "replica", "host2", "--from", "host1");
        // The primary's walsender is frozen (SIGSTOP) while it reads a file of the database speedy: the copy on host2
        // then holds base/16384 and not yet global/pg_control (sent last), and push is killed at that instant.
        String walsender = primary.exec("sh", "-c", "for i in $(seq 3000); do pid=$(" + PSQL + "\"SELECT pid FROM"
                + " pg_stat_progress_basebackup WHERE phase = 'streaming database files'\")"
                + "; if [ -n \"$pid\" ] && ls -l /proc/$pid/fd 2>/dev/null | grep -q '/base/16384/'; then kill -STOP"
                + " $pid && echo $pid && exit 0; fi; sleep 0.02; done; exit 1").orThrow().stdout().strip();
        boolean copying = standby.exec("test", "-d", DATA + "/base/16384").exitStatus() == 0
                && standby.exec("test", "-e", DATA + "/global/pg_control").exitStatus() != 0;
        push.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        primary.exec("kill", "-CONT", walsender).orThrow();
        assertThat(copying).as("push was killed while pg_basebackup copied the database speedy").isTrue();
        assertThat(standby.exec("test", "-e", DATA + ".push-replica-unfinished").exitStatus())
                .as("the unfinished clone is marked").isZero();

        PushRun again = push("db", "replica", "host2", "--from", "host1");

        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("host2 streams from host1");
        assertThat(standby.exec("sh", "-c", SPEEDY + "'SELECT count(*) FROM posts'").orThrow().stdout().strip())
                .isEqualTo("1000");
        assertThat(standby.exec("sh", "-c", "ls -d " + DATA + ".*; true").stdout()).as("no marker left").isBlank();
    }

    @Test
    void aCloneWhosePgBasebackupFailedIsFinishedByRunningTheSameCommandAgain() {
        holdSpeedyWith1000Rows(primary);
        String file = primary.exec("sh", "-c", SPEEDY + "\"CREATE TABLE unreadable AS SELECT 1 AS n; CHECKPOINT;"
                + " SELECT pg_relation_filepath('unreadable')\"").orThrow().stdout().strip();
        // The primary's walsender cannot read this file: pg_basebackup fails in the middle of the copy.
        primary.exec("chmod", "000", DATA + "/" + file).orThrow();

        PushRun failed = push("db", "replica", "host2", "--from", "host1");

        assertThat(failed.exitCode()).as(failed.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(failed.out()).contains("pg_basebackup failed", "next: push db replica host2 --from host1");
        assertThat(standby.exec("test", "-e", DATA + ".push-replica-unfinished").exitStatus())
                .as("the unfinished clone is marked").isZero();
        primary.exec("chmod", "600", DATA + "/" + file).orThrow();

        PushRun again = push("db", "replica", "host2", "--from", "host1");

        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("an unfinished copy that push started", "host2 streams from host1");
        assertThat(standby.exec("sh", "-c", SPEEDY + "'SELECT count(*) FROM posts'").orThrow().stdout().strip())
                .isEqualTo("1000");
        assertThat(standby.exec("sh", "-c", "ls -d " + DATA + ".*; true").stdout()).as("no marker left").isBlank();
    }

    private void holdSpeedyWith1000Rows(TestbedHost host) {
        host.exec("sh", "-c", (host == primary ? "true" : START) + " && cd / && runuser -u postgres -- createdb speedy"
                + " && " + SPEEDY + "'CREATE TABLE posts (id int PRIMARY KEY, body text); INSERT INTO posts"
                + " SELECT g, md5(g::text) FROM generate_series(1, 1000) g'").orThrow();
    }

    /** Each host's files and unit state that a refused replica must not change. */
    private List<String> state() {
        return List.of(primary.exec("sh", "-c", STATE).stdout(), standby.exec("sh", "-c", STATE).stdout());
    }

    private void awaitStreaming() throws InterruptedException {
        String state = "";
        for (int i = 0; i < 60 && !state.equals("streaming"); i++) {
            Thread.sleep(500);
            state = primary.exec("sh", "-c", PSQL + "'SELECT state FROM pg_stat_replication'").stdout().strip();
        }
        assertThat(state).as("host2 streams from host1").isEqualTo("streaming");
    }

    private void assertReplicates(int value) throws InterruptedException {
        primary.exec("sh", "-c", PSQL + "'CREATE TABLE IF NOT EXISTS replicated (n int); INSERT INTO replicated"
                + " VALUES (" + value + ")'").orThrow();
        String replayed = "";
        for (int i = 0; i < 30 && !replayed.equals(String.valueOf(value)); i++) {
            Thread.sleep(500);
            replayed = standby.exec("sh", "-c", PSQL + "'SELECT max(n) FROM replicated'").stdout().strip();
        }
        assertThat(replayed).as("the write on the primary, read on the standby").isEqualTo(String.valueOf(value));
    }

    /** push as its own process, as an operator runs it, so that it can be killed. */
    private Process pushProcess(String... args) throws Exception {
        return PushRun.process(dir.resolve("killed.out"), List.of("-i", inventory.toString(), "--log-dir",
                dir.resolve("killed-logs").toString()), args);
    }

    private PushRun push(String... args) {
        List<String> extra = args[1].equals("status") ? List.of("-i", inventory.toString())
                : List.of("-i", inventory.toString(), "--log-dir", dir.resolve("logs").toString());
        return PushRun.of(extra, args);
    }
}
