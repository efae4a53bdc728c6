package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.TestbedHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A primary and its streaming standby on two testbed hosts of their own, made by push db replica once and reused by
 * the test classes that need a real pair (they leave it streaming, as they found it).
 */
final class StandbyPair {
    static final String PSQL = "cd / && runuser -u postgres -- psql -XAtq -d postgres -c ";

    private StandbyPair() {}

    /** Makes {@code standby} a standby of {@code primary}, unless it streams from it already. */
    static void ensure(TestbedHost primary, TestbedHost standby, Path inventory) throws InterruptedException {
        if (streams(primary, standby)) {
            return;
        }
        for (TestbedHost db : List.of(primary, standby)) {
            db.exec("sh", "-c", "echo \"listen_addresses = '*'\" > /etc/postgresql/15/main/conf.d/testbed.conf")
                    .orThrow();
        }
        primary.exec("sh", "-c", "echo auto > /etc/postgresql/15/main/start.conf && systemctl daemon-reload"
                + " && systemctl restart postgresql@15-main").orThrow();
        List<String> args = new ArrayList<>(List.of("-i", inventory.toString()));
        args.addAll(List.of("--log-dir", inventory.resolveSibling("replica-logs").toString()));
        PushRun replica = PushRun.of(args, "db", "replica", standby.name(), "--from", primary.name());
        assertThat(replica.exitCode()).as(replica.out()).isZero();
        awaitStreaming(primary, standby);
    }

    /** Whether the primary lists the standby as streaming. */
    static boolean streams(TestbedHost primary, TestbedHost standby) {
        return primary.exec("sh", "-c", PSQL + "\"SELECT application_name FROM pg_stat_replication"
                + " WHERE state = 'streaming'\"").stdout().lines().anyMatch(standby.name()::equals);
    }

    static void awaitStreaming(TestbedHost primary, TestbedHost standby) throws InterruptedException {
        for (int i = 0; i < 60 && !streams(primary, standby); i++) {
            Thread.sleep(500);
        }
        assertThat(streams(primary, standby)).as(standby.name() + " streams from " + primary.name()).isTrue();
    }

    /** Every host's /etc/hosts and the previous copy push keeps, hashed: what a refused command must not change. */
    static String hostsFiles(List<TestbedHost> hosts) {
        StringBuilder hashes = new StringBuilder();
        for (TestbedHost host : hosts) {
            hashes.append(host.name()).append(":\n").append(host.exec("sh", "-c", "for f in /etc/hosts"
                    + " /etc/hosts.speedy-previous; do if [ -e $f ]; then sha256sum $f; else echo \"absent $f\"; fi;"
                    + " done").orThrow().stdout());
        }
        return hashes.toString();
    }
}
