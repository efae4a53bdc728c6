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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Monitoring as an operator sets it up: speedy-monitoring and the three services published with repo-tool, pushed to
 * an app host and a database host, the agents on every host opened to the inventory's monitoring server only, and that
 * server's Munin and Nagios configuration made by push, with a contact whose mail lands in a mailbox on the server
 * (alerts@localhost: Debian's exim4 delivers it locally). The server (mon1) then asks the agents as Munin's master and
 * Nagios do, and Nagios's own verdicts (its status file) and mail are what the tests read.
 */
// Host names of its own: a host lives for the whole test run, and DbSwitchoverIT leaves its db1 a standby.
@TestbedHosts({"mon1", "mon-app", "mon-db", "mon-gone"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String CHECK_NRPE = "/usr/lib/nagios/plugins/check_nrpe";
    private static final String MAILBOX = "/var/mail/alerts";
    /** What the issue asks: a stopped service or a dead host reaches a person within 2 minutes. */
    private static final Duration ALERT_WITHIN = Duration.ofMinutes(2);

    private static Path dir;
    private static Path inventory;
    private static boolean prepared;
    private static HttpServer server;

    private Testbed testbed;
    private TestbedHost mon;
    private TestbedHost app;
    private TestbedHost db;

    @BeforeEach
    void hosts(Testbed testbed) throws Exception {
        this.testbed = testbed;
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
                + "  mon-gone:\n    address: " + testbed.host("mon-gone").address() + "\n"
                + "monitoring:\n  server: mon1\n  contacts:\n    email: [alerts@localhost]\n");
        mon.exec("useradd", "--create-home", "alerts").orThrow();
        DbPair.initPrimary(inventory, dir.resolve("logs"), "mon-db");
        for (String[] args : List.of(new String[] {"apt-source", "--all"}, new String[] {"upgrade", "mon-app"})) {
            PushRun run = push(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.out()).isZero();
        }
        // The services running against db1 with their schemas made, and each job run once, before the agents come.
        DbPair.setPasswords(inventory, dir.resolve("logs"), List.of("speedy-app", "speedy-notifier", "speedy-jobs"));
        app.exec("sh", "-c", "cd / && for i in $(seq 1 90); do systemctl start speedy-jobs-trending.service"
                + " speedy-jobs-purge.service 2>/dev/null && exit 0; sleep 1; done; exit 1").orThrow();
        // As after the quickstart: db init pointed db at mon-db everywhere before speedy-monitoring came, so install
        // has to tell each host's db alias check where db points.
        PushRun install = push("monitoring", "install", "--all");
        assertThat(install.exitCode()).as(install.out()).isZero();
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
    @Order(1)
    void onAHealthyFleetJustSetUpEveryServiceNagiosKnowsIsOk() throws Exception {
        forceEveryCheck();
        Map<String, String[]> services = serviceStates();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while ((services.isEmpty() || !notOk(services).isEmpty()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(5_000);
            services = serviceStates();
        }
        assertThat(services.keySet()).as("every host's services, from Nagios's status file").contains(
                "mon-app/speedy-app healthz from the monitoring host", "mon-app/munin-node", "mon-gone/NRPE",
                "mon-db/PostgreSQL", "mon1/db alias", "mon-app/job purge last success")
                .noneMatch(name -> name.contains("replication lag")).noneMatch(name -> name.startsWith("localhost/"));
        assertThat(notOk(services)).as("checked and OK: no WARNING, CRITICAL, UNKNOWN or PENDING").isEmpty();
        assertThat(mon.exec("sh", "-c", "grep -c '^\\[speedy;' /etc/munin/munin-conf.d/speedy.conf;"
                + " grep -c '^\\[localhost' /etc/munin/munin.conf").stdout())
                .as("four speedy nodes, and Debian's localhost node left out").isEqualTo("4\n0\n");
    }

    @Test
    @Order(2)
    void theMuninMasterRunsByItsTimerAndDrawsTheGraphs() {
        assertThat(mon.exec("systemctl", "is-enabled", "speedy-munin-cron.timer").stdout()).isEqualTo("enabled\n");
        assertThat(mon.exec("systemctl", "is-active", "speedy-munin-cron.timer").stdout()).isEqualTo("active\n");
        assertThat(app.exec("systemctl", "is-enabled", "speedy-munin-cron.timer").stdout())
                .as("only the monitoring server runs the master").isNotEqualTo("enabled\n");

        // What the timer starts, now rather than at the next fifth minute.
        mon.exec("systemctl", "start", "speedy-munin-cron.service").orThrow();

        String graphs = mon.exec("sh", "-c", "cd /var/cache/munin/www && find . -name '*-day.png' | sort").stdout();
        assertThat(graphs).contains("./speedy/mon-app/speedy_app_requests-day.png",
                "./speedy/mon-app/speedy_notifier_age-day.png", "./speedy/mon-db/speedy_pg_connections-day.png")
                .doesNotContain("localhost.localdomain");
    }

    @Test
    @Order(3)
    void nagiosOnTheMonitoringHostGetsRealAnswersAndTheNotifierCheckFollowsItsUnit() throws Exception {
        ExecResult healthz = nrpe(app, "check_speedy_healthz");
        assertThat(healthz.exitStatus()).as(healthz.stdout()).isZero();
        assertThat(nrpe(app, "check_speedy_notification_age").stdout()).containsPattern("OK.*\\|.*=\\d+");
        assertThat(nrpe(app, "check_speedy_db_alias").exitStatus()).as(nrpe(app, "check_speedy_db_alias").stdout())
                .isZero();
        assertThat(nrpe(app, "check_speedy_job_trending").exitStatus()).isZero();
        assertThat(nrpe(app, "check_speedy_jobs_timers").exitStatus()).isZero();
        assertThat(nrpe(db, "check_load").stdout()).contains("load1=");
        assertThat(nrpe(db, "check_speedy_postgres").stdout()).startsWith("SPEEDY-POSTGRES OK - primary up; speedy"
                + " may log in to speedy;");

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
    @Order(4)
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
    @Order(5)
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

    /** Last: it kills mon-gone. */
    @Test
    @Order(6)
    void aStoppedServiceAndADeadHostReachTheContactsMailboxWithinTwoMinutesAndSoDoesTheRecovery() throws Exception {
        Instant stopped = Instant.now();
        app.exec("systemctl", "stop", "speedy-notifier").orThrow();
        testbed.kill("mon-gone");

        Duration serviceAlert = awaitMail("Subject: PROBLEM: mon-app/speedy-notifier unit is CRITICAL", stopped);
        Duration hostAlert = awaitMail("Subject: PROBLEM: host mon-gone is DOWN", stopped);
        Instant started = Instant.now();
        app.exec("systemctl", "start", "speedy-notifier").orThrow();
        Duration recovery = awaitMail("Subject: RECOVERY: mon-app/speedy-notifier unit is OK", started);

        System.out.printf("MonitoringIT: alerts after %d s (service), %d s (host down), recovery after %d s%n",
                serviceAlert.toSeconds(), hostAlert.toSeconds(), recovery.toSeconds());
        assertThat(mon.read(MAILBOX)).as("the mail names the host, the service and the check's words")
                .contains("To: alerts@localhost", "Host: mon-app (" + app.address() + ")",
                        "Service: speedy-notifier unit", "Info: SPEEDY-UNIT CRITICAL");
    }

    /** How long after {@code since} a mail with that line reached the mailbox; fails after {@link #ALERT_WITHIN}. */
    private Duration awaitMail(String line, Instant since) throws InterruptedException {
        Instant deadline = since.plus(ALERT_WITHIN);
        while (true) {
            if (mon.exec("grep", "-qxF", line, MAILBOX).exitStatus() == 0) {
                return Duration.between(since, Instant.now());
            }
            assertThat(Instant.now()).as("'" + line + "' in " + MAILBOX + " within " + ALERT_WITHIN.toSeconds()
                    + " s; Nagios's log:\n" + mon.exec("tail", "-n", "30", "/var/log/nagios4/nagios.log").stdout())
                    .isBefore(deadline);
            Thread.sleep(2_000);
        }
    }

    /** Has Nagios check every host and service now, through its command pipe (as the web page's buttons do). */
    private void forceEveryCheck() {
        for (String host : List.of("mon1", "mon-app", "mon-db", "mon-gone")) {
            mon.exec("sh", "-c", "now=$(date +%s); printf '[%s] SCHEDULE_FORCED_HOST_SVC_CHECKS;%s;%s\\n"
                    + "[%s] SCHEDULE_FORCED_HOST_CHECK;%s;%s\\n' $now " + host + " $now $now " + host + " $now"
                    + " > /var/lib/nagios4/rw/nagios.cmd").orThrow();
        }
    }

    /** HOST/SERVICE to {current_state, has_been_checked, plugin_output}, from Nagios's status file. */
    private Map<String, String[]> serviceStates() {
        String status = mon.exec("cat", "/var/lib/nagios4/status.dat").stdout();
        Map<String, String[]> states = new TreeMap<>();
        for (String block : status.split("\n(?=servicestatus \\{)")) {
            if (!block.startsWith("servicestatus {")) {
                continue;
            }
            Map<String, String> fields = new java.util.HashMap<>();
            block.lines().map(String::strip).filter(l -> l.contains("="))
                    .forEach(l -> fields.putIfAbsent(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            states.put(fields.get("host_name") + "/" + fields.get("service_description"), new String[] {
                fields.get("current_state"), fields.get("has_been_checked"), fields.get("plugin_output")});
        }
        return states;
    }

    /**
     * The services not yet checked, or checked and not OK, with their state, check flag and output. disk and load
     * need only have been checked: they follow this machine, whose disk and load the hosts share, not the fleet.
     */
    private static Map<String, String> notOk(Map<String, String[]> services) {
        Map<String, String> notOk = new TreeMap<>();
        services.forEach((name, state) -> {
            boolean machines = name.endsWith("/disk") || name.endsWith("/load");
            if (!"1".equals(state[1]) || !machines && !"0".equals(state[0])) {
                notOk.put(name, String.join(" ", state));
            }
        });
        return notOk;
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
