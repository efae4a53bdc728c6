package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.TestbedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the database pair's ITs share: push against their inventory, and what they check on the hosts. */
final class DbPairs {
    static final String PSQL = "cd / && runuser -u postgres -- psql -XAtq -d speedy -c ";

    private final Path inventory;
    private final Path logs;

    DbPairs(Path inventory, Path logs) {
        this.inventory = inventory;
        this.logs = logs;
    }

    /**
     * Writes the inventory of a pair test: the group db (db1, db2), the group app running {@code appPackages}, and a
     * 5 s connect timeout (a dead host costs a failover this long: it is asked first whether it is fenced).
     */
    static Path writeInventory(Path dir, TestbedHost db1, TestbedHost db2, List<TestbedHost> apps, String appPackages)
            throws IOException {
        StringBuilder hosts = new StringBuilder();
        for (TestbedHost db : List.of(db1, db2)) {
            hosts.append("  ").append(db.name()).append(":\n    address: ").append(db.address())
                    .append("\n    groups: [db]\n");
        }
        for (TestbedHost app : apps) {
            hosts.append("  ").append(app.name()).append(":\n    address: ").append(app.address())
                    .append("\n    groups: [app]\n");
        }
        return Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh(TestbedInventory.knownHosts(),
                "  connect_timeout: 5s\n") + "groups:\n  db:\n  app:\n    packages: [" + appPackages + "]\nhosts:\n"
                + hosts);
    }

    /** push with the inventory, and (for a command that changes hosts) the log folder. */
    PushRun push(String... args) {
        List<String> extra = args[1].equals("status") ? List.of("-i", inventory.toString())
                : List.of("-i", inventory.toString(), "--log-dir", logs.toString());
        return PushRun.of(extra, args);
    }

    /** push db status, asked again until it shows a standby streaming (30 s at most). */
    PushRun awaitStreaming() throws InterruptedException {
        PushRun status = push("db", "status");
        for (int i = 0; i < 60 && !status.out().contains(" streaming"); i++) {
            Thread.sleep(500);
            status = push("db", "status");
        }
        return status;
    }

    static void assertReadOnlyStandby(TestbedHost host) {
        assertThat(host.exec("sh", "-c", PSQL + "'SELECT pg_is_in_recovery()'").orThrow().stdout().strip())
                .as(host.name() + " in recovery").isEqualTo("t");
        assertThat(host.exec("sh", "-c", PSQL + "\"INSERT INTO posts (author, body) VALUES ('x', 'y')\"").stderr())
                .contains("read-only transaction");
    }
}
