package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.cli.RepoTool;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Monitoring as an operator sets it up: speedy-monitoring and the three services published with repo-tool, pushed to
 * an app host and a database host, the agents opened to the inventory's monitoring server only, and that server's Munin
 * and Nagios configuration made by push. The server (mon1) then asks the agents as Munin's master and Nagios's
 * check_nrpe do.
 */
// Host names of its own: a host lives for the whole test run, and DbSwitchoverIT leaves its db1 a standby.
@TestbedHosts({"mon1", "mon-app", "mon-db"})
class MonitoringIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String CHECK_NRPE = "/usr/lib/nagios/plugins/check_nrpe";

    private static Path dir;
    private static Path inventory;
    private static boolean prepared;
    private static HttpServer server;

    private TestbedHost mon;
    private TestbedHost app;
    private TestbedHost db;

    @BeforeEach
    void hosts(Testbed testbed) throws Exception {
        mon = testbed.host("mon1");
        app = testbed.host("mon-app");
        db = testbed.host("mon-db");
        if (prepared) {
            return;
        }
        assertThat(inventory).as("the hosts' set-up failed in an earlier test; see its failure").isNull();
        dir = Files.createTempDirectory("monitoring-it");
        Path repo = dir.resolve("apt");
        assertThat(repoTool("init", repo.toString(), "--suite", "dev", "--arch", "amd64")).isZero();
        assertThat(repoTool("key", "generate", "-r", repo.toString())).isZero();
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs", "speedy-monitoring")) {
            assertThat(repoTool("publish", "-r", repo.toString(), "--suite", "dev", BuiltDebs.of(name).toString()))
                    .isZero();
        }
        server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        inventory = Files.writeString(Files.createDirectories(dir.resolve("inventory")).resolve("inventory.yaml"),
                "repository:\n"
                + "  url: http://" + BRIDGE_ADDRESS + ":" + server.getAddress().getPort() + "/\n"
                + "  suite: dev\n"
                + "  keyring: " + repo.resolve("conf/archive-keyring.gpg") + "\n"
                + TestbedInventory.ssh(TestbedInventory.knownHosts(), "  command_timeout: 5m\n")
                + TestbedInventory.secrets(dir)
                + "groups:\n  app:\n    packages: [speedy-app, speedy-notifier, speedy-jobs]\n  db:\n  monitoring:\n"
                + "hosts:\n"
                + "  mon1:\n    address: " + mon.address() + "\n    groups: [monitoring]\n"
                + "  mon-app:\n    address: " + app.address() + "\n    groups: [app]\n"
                + "  mon-db:\n    address: " + db.address() + "\n    groups: [db]\n"
                + "monitoring:\n  server: mon1\n");
        DbPair.initPrimary(inventory, dir.resolve("logs"), "mon-db");
        for (String[] args : List.of(new String[] {"apt-source", "--all"}, new String[] {"upgrade", "mon-app"})) {
            PushRun run = push(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.out()).isZero();
        }
        // The services running against db1 with their schemas made, and each job run once, before the agents come.
        DbPair.setPasswords(inventory, dir.resolve("logs"), List.of("speedy-app", "speedy-notifier", "speedy-jobs"));
        app.exec("sh", "-c", "cd / && for i in $(seq 1 90); do systemctl start speedy-jobs-trending.service"
                + " speedy-jobs-purge.service 2>/dev/null && exit 0; sleep 1; done; exit 1").orThrow();
        // db set again: now that speedy-monitoring is there, push tells its db alias check where db should point.
        for (String[] args : List.of(new String[] {"monitoring", "install", "mon-app", "mon-db"},
                new String[] {"db", "alias", "set", "mon-db"})) {
            PushRun run = push(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.out()).isZero();
        }
        PushRun config = push("monitoring", "config", "--install");
        assertThat(config.exitCode()).as(config.out()).isZero();
        prepared = true;
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void nagiosOnTheMonitoringHostGetsRealAnswersAndTheNotifierCheckFollowsItsUnit() throws Exception {
        ExecResult healthz = nrpe(app, "check_speedy_healthz");
        assertThat(healthz.exitStatus()).as(healthz.stdout()).isZero();
        assertThat(nrpe(app, "check_speedy_notification_age").stdout()).containsPattern("OK.*\\|.*=\\d+");
        assertThat(nrpe(app, "check_speedy_db_alias").exitStatus()).as(nrpe(app, "check_speedy_db_alias").stdout())
                .isZero();
        assertThat(nrpe(app, "check_speedy_job_trending").exitStatus()).isZero();
        assertThat(nrpe(app, "check_speedy_jobs_timers").exitStatus()).isZero();
        assertThat(nrpe(db, "check_load").stdout()).contains("load1=");
        assertThat(nrpe(db, "check_speedy_replication_lag").stdout()).as("a primary without a standby")
                .contains("WARNING");

        app.exec("systemctl", "stop", "speedy-notifier").orThrow();
        ExecResult stopped = nrpe(app, "check_speedy_notifier");
        app.exec("systemctl", "start", "speedy-notifier").orThrow();
        ExecResult started = nrpe(app, "check_speedy_notifier");

        assertThat(stopped.exitStatus()).as(stopped.stdout()).isEqualTo(2);
        assertThat(stopped.stdout()).contains("CRITICAL");
        assertThat(started.exitStatus()).as(started.stdout()).isZero();
        assertThat(mon.exec("nagios4", "-v", "/etc/nagios4/nagios.cfg").stdout())
                .as("the configuration push made, as Nagios reads it").contains("Things look okay");
    }

    @Test
    void theMuninMasterGathersRealValuesFromTheAppAndTheDatabaseHost() {
        assertThat(app.exec("munin-run", "speedy_app_requests", "config").orThrow().stdout())
                .contains("graph_title", "requests.label");

        mon.exec("runuser", "-u", "munin", "--", "/usr/share/munin/munin-update").orThrow();

        String rrds = mon.exec("sh", "-c", "ls /var/lib/munin/speedy/").orThrow().stdout();
        assertThat(rrds).contains("mon-app-speedy_app_requests-requests-d.rrd", "mon-db-speedy_pg_connections-");
        String last = mon.exec("sh", "-c", "rrdtool lastupdate /var/lib/munin/speedy/mon-app-speedy_notifier_queue-"
                + "pending-g.rrd").orThrow().stdout();
        assertThat(last).as("a value, not U").containsPattern(":\\s+\\d");
    }

    @Test
    void aHostThatIsNotTheMonitoringServerIsRefusedByMuninNodeAndNrpe() {
        // check_load would do, but its answer follows this machine's load (the hosts share its kernel).
        ExecResult nrpe = app.exec(CHECK_NRPE, "-H", db.address(), "-c", "check_speedy_db_alias");
        assertThat(nrpe.exitStatus()).as(nrpe.stdout()).isNotZero();
        ExecResult allowed = nrpe(db, "check_speedy_db_alias");
        assertThat(allowed.exitStatus()).as("while the server is let in: " + allowed.stdout()).isZero();

        String banner = app.exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + db.address() + "/4949 && head -1"
                + " <&3").stdout();
        assertThat(banner).as("munin-node to mon-app").doesNotContain("munin node at");
        assertThat(mon.exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + db.address() + "/4949 && head -1"
                + " <&3").stdout()).as("munin-node to mon1").contains("munin node at");
    }

    private ExecResult nrpe(TestbedHost host, String command) {
        return mon.exec(CHECK_NRPE, "-H", host.address(), "-c", command);
    }

    private static int repoTool(String... args) {
        return RepoTool.commandLine().execute(args);
    }

    private static PushRun push(String... args) {
        return PushRun.of(List.of("-i", inventory.toString(), "--log-dir", dir.resolve("logs").toString()), args);
    }
}
