package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push db replica between two testbed hosts' real PostgreSQL clusters. */
@TestbedHosts({"host1", "host2"})
class DbReplicaIT {
    private static final String PSQL = "cd / && runuser -u postgres -- psql -XAtq -d postgres -c ";

    @TempDir
    Path dir;

    private TestbedHost primary;
    private TestbedHost standby;
    private Path inventory;

    @BeforeEach
    void inventory(Testbed testbed) throws Exception {
        primary = testbed.host("host1");
        standby = testbed.host("host2");
        inventory = Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh()
                + "groups:\n  db:\n"
                + "hosts:\n"
                + "  host1:\n    address: " + primary.address() + "\n    groups: [db]\n"
                + "  host2:\n    address: " + standby.address() + "\n    groups: [db]\n");
    }

    @AfterEach
    void stopClusters() {
        for (TestbedHost host : List.of(standby, primary)) {
            host.exec("sh", "-c", "systemctl stop postgresql@15-main; echo manual > /etc/postgresql/15/main/start.conf;"
                    + " systemctl daemon-reload").orThrow();
        }
    }

    @Test
    void aStandbyStreamsFromThePrimaryReplaysItsWritesAndStatusShowsBoth() throws Exception {
        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).as(replica.out()).isZero();
        assertThat(replica.out()).contains("host2 streams from host1");
        primary.exec("sh", "-c", PSQL + "'CREATE TABLE IF NOT EXISTS replicated (n int); INSERT INTO replicated"
                + " VALUES (42)'").orThrow();
        String replayed = "";
        for (int i = 0; i < 30 && !replayed.equals("42"); i++) {
            Thread.sleep(500);
            replayed = standby.exec("sh", "-c", PSQL + "'SELECT max(n) FROM replicated'").stdout().strip();
        }
        assertThat(replayed).as("the write on the primary, read on the standby").isEqualTo("42");
        assertThat(standby.exec("sh", "-c", PSQL + "'SELECT pg_is_in_recovery()'").stdout().strip()).isEqualTo("t");
        PushRun status = push("db", "status");
        assertThat(status.out()).containsPattern("host1\\s+primary\\s+1\\s+host2 streaming")
                .containsPattern("host2\\s+standby\\s+1");
    }

    @Test
    void aHostThatHoldsADatabaseOfItsOwnIsNotMadeAStandby() {
        standby.exec("sh", "-c", "echo auto > /etc/postgresql/15/main/start.conf && systemctl daemon-reload"
                + " && systemctl start postgresql@15-main && cd / && runuser -u postgres -- createdb keepme").orThrow();

        PushRun replica = push("db", "replica", "host2", "--from", "host1");

        assertThat(replica.exitCode()).isEqualTo(Push.SOME_FAILED);
        assertThat(replica.out()).contains("host2 holds data of its own: keepme")
                .as("the primary is not touched either").doesNotContainPattern("host1\\s+changed");
        assertThat(standby.exec("sh", "-c", PSQL + "'SELECT datname FROM pg_database'").stdout()).contains("keepme");
        standby.exec("sh", "-c", "cd / && runuser -u postgres -- dropdb keepme").orThrow();
    }

    private PushRun push(String... args) {
        List<String> extra = args[1].equals("status") ? List.of("-i", inventory.toString())
                : List.of("-i", inventory.toString(), "--log-dir", dir.resolve("logs").toString());
        return PushRun.of(extra, args);
    }
}
