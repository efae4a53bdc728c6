package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** push db status against the real PostgreSQL of a testbed host, and of a pair (pair-db2 a standby of pair-db1). */
@TestbedHosts({"host1", "host2", "pair-db1", "pair-db2"})
class DbStatusIT {

    @TempDir
    Path dir;

    private TestbedHost db;
    private TestbedHost app;
    private String appHosts;
    private String dbHosts;
    private Path inventory;
    private TestbedHost pairPrimary;
    private TestbedHost pairStandby;
    private Path pairInventory;

    @BeforeEach
    void startPostgres(Testbed testbed) throws Exception {
        pairPrimary = testbed.host("pair-db1");
        pairStandby = testbed.host("pair-db2");
        pairInventory = Files.writeString(dir.resolve("pair.yaml"), TestbedInventory.ssh()
                + "groups:\n  db:\n"
                + "hosts:\n"
                + "  pair-db1:\n    address: " + pairPrimary.address() + "\n    groups: [db]\n"
                + "  pair-db2:\n    address: " + pairStandby.address() + "\n    groups: [db]\n");
        db = testbed.host("host1");
        app = testbed.host("host2");
        dbHosts = db.read("/etc/hosts");
        appHosts = app.read("/etc/hosts");
        db.exec("sh", "-c", "echo auto > /etc/postgresql/15/main/start.conf && systemctl daemon-reload"
                + " && systemctl start postgresql@15-main").orThrow();
        inventory = Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh()
                + "groups:\n  db:\n  app:\n"
                + "hosts:\n"
                + "  host1:\n    address: " + db.address() + "\n    groups: [db]\n"
                + "  host2:\n    address: " + app.address() + "\n    groups: [app]\n");
    }

    @AfterEach
    void stopPostgres() throws Exception {
        db.exec("sh", "-c", "systemctl stop postgresql@15-main; echo manual > /etc/postgresql/15/main/start.conf;"
                + " systemctl daemon-reload").orThrow();
        db.upload(Files.writeString(dir.resolve("db.hosts"), dbHosts), "/etc/hosts");
        app.upload(Files.writeString(dir.resolve("app.hosts"), appHosts), "/etc/hosts");
    }

    @Test
    void statusShowsThePrimaryItsTimelineAndThatEveryHostsDbPointsAtIt() {
        assertThat(push("db", "alias", "set", "host1", "--log-dir", dir.resolve("logs").toString()).exitCode()).isZero();

        PushRun status = push("db", "status");

        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).containsPattern("host1\\s+primary\\s+1\\s+no standby\\s+db on 2 of 2 hosts,"
                        + " db-ro on 2 of 2 hosts")
                .as("one database host alone").endsWith("pair: healthy\n");
    }

    @Test
    void aPairWhoseStandbyStreamsFromItsPrimaryIsHealthyInTheTableAndInJson() throws Exception {
        StandbyPair.ensure(pairPrimary, pairStandby, pairInventory);

        PushRun status = pair("db", "status");
        PushRun json = pair("db", "status", "--json");

        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).containsPattern("pair-db1\\s+primary\\s+\\d+\\s+pair-db2 streaming")
                .containsPattern("pair-db2\\s+standby").endsWith("pair: healthy\n");
        assertThat(json.exitCode()).as(json.out()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.at("/pair/healthy").asBoolean()).isTrue();
        assertThat(tree.at("/hosts/0/name").asText()).isEqualTo("pair-db1");
        assertThat(tree.at("/hosts/0/role").asText()).isEqualTo("primary");
        assertThat(tree.at("/hosts/0/streamingStandbys/0").asText()).isEqualTo("pair-db2");
        assertThat(tree.at("/hosts/1/role").asText()).isEqualTo("standby");
        assertThat(tree.at("/hosts/1/walReceiver").asText()).isEqualTo("streaming " + pairPrimary.address());
        assertThat(tree.at("/hosts/1/dbAliasHosts").asLong()).isZero();

        // push dashboard shows the same pair, from the same code, and samples the standby's replay delay.
        try (DashboardRun dashboard = DashboardRun.start(pairInventory, dir.resolve("logs"))) {
            JsonNode fleet = dashboard.fleetWhen("the pair and a lag sample", f -> f.at("/db/hosts").size() == 2
                    && f.at("/lag").size() > 0);
            assertThat(fleet.at("/db/pair/healthy").asBoolean()).isTrue();
            assertThat(fleet.at("/db/hosts/0/role").asText()).isEqualTo("primary");
            assertThat(fleet.at("/db/hosts/1/role").asText()).isEqualTo("standby");
            assertThat(fleet.at("/db/hosts/0/streamingStandbys/0").asText()).isEqualTo("pair-db2");
            assertThat(fleet.at("/lag/0/host").asText()).isEqualTo("pair-db2");
            assertThat(fleet.at("/lag/0/seconds").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void aStandbyThatStoppedReceivingFromItsPrimaryIsABrokenPairAndExitsOne() throws Exception {
        StandbyPair.ensure(pairPrimary, pairStandby, pairInventory);
        String conninfo = pairStandby.exec("sh", "-c", StandbyPair.PSQL + "'SHOW primary_conninfo'").orThrow().stdout()
                .strip();
        pairStandby.exec("sh", "-c", StandbyPair.PSQL + "\"ALTER SYSTEM SET primary_conninfo = ''\" && " + StandbyPair.PSQL
                + "'SELECT pg_reload_conf()'").orThrow();
        try {
            for (int i = 0; i < 60 && StandbyPair.streams(pairPrimary, pairStandby); i++) {
                Thread.sleep(500);
            }

            PushRun status = pair("db", "status");
            PushRun json = pair("db", "status", "--json");

            assertThat(status.exitCode()).as(status.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(status.out()).contains("pair: BROKEN: pair-db2 (standby) has no WAL receiver: it receives"
                    + " nothing from pair-db1; pair-db1 (primary) has no standby attached");
            assertThat(json.exitCode()).isEqualTo(Push.SOME_FAILED);
            assertThat(new ObjectMapper().readTree(json.out()).at("/pair/healthy").asBoolean()).isFalse();
        } finally {
            pairStandby.exec("sh", "-c", StandbyPair.PSQL + "\"ALTER SYSTEM SET primary_conninfo = '"
                    + conninfo.replace("'", "''") + "'\" && " + StandbyPair.PSQL + "'SELECT pg_reload_conf()'").orThrow();
            StandbyPair.awaitStreaming(pairPrimary, pairStandby);
        }
    }

    @Test
    void aDatabaseHostWhosePostgresIsDownIsARowWithTheReasonAndExitOne() {
        db.exec("systemctl", "stop", "postgresql@15-main").orThrow();

        PushRun status = push("db", "status");

        assertThat(status.exitCode()).isEqualTo(Push.SOME_FAILED);
        assertThat(status.out()).containsPattern("host1\\s+-\\s+-\\s+PostgreSQL did not answer: .*");
    }
    @Test
    void aHostWhoseDbLookupTimesOutIsCountedAsUnknownNotAsPointingAndExitsOne() throws Exception {
        assertThat(push("db", "alias", "set", "host1", "host1", "--log-dir", dir.resolve("logs").toString())
                .exitCode()).isZero();
        // host2 has no db line and asks a name server nobody answers for: its lookup hits push's 3 s bound.
        String resolvConf = app.read("/etc/resolv.conf");
        app.execWithInput(Files.writeString(dir.resolve("resolv.conf"),
                "nameserver 10.213.7.254\noptions timeout:5 attempts:2\n"), "sh", "-c", "cat > /etc/resolv.conf")
                .orThrow();
        app.exec("sed", "-i", "/[[:space:]]db$/d", "/etc/hosts").orThrow();
        try {
            PushRun status = push("db", "status");

            assertThat(status.exitCode()).as(status.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(status.out()).containsPattern("host1\\s+primary\\s+1\\s+no standby\\s+db on 1 of 2 hosts,"
                    + " db-ro on [12] of 2 hosts; db UNKNOWN on host2 \\(see push db alias show\\)");
        } finally {
            app.execWithInput(Files.writeString(dir.resolve("resolv.conf.original"), resolvConf), "sh", "-c",
                    "cat > /etc/resolv.conf").orThrow();
        }
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("-i", inventory.toString()), args);
    }

    private PushRun pair(String... args) {
        return PushRun.of(List.of("-i", pairInventory.toString()), args);
    }
}
