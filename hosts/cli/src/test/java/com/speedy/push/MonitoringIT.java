package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.monitoring.WebInterface;
import com.speedy.repo.cli.RepoTool;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

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
    private static final List<String> HOSTS = List.of("mon1", "mon-app", "mon-db", "mon-gone");
    /** The web interface's password, as an operator sets it with push config set; fit for a URL's user part. */
    private static final String WEB_PASSWORD = "web-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(9));
    /**
     * Munin's RRDs have a 5-minute step: a graph has a data point once a step is over whose first half had values.
     * From the first munin-cron run, that is at most 7.5 minutes, and the timer's next run after that draws it.
     */
    private static final Duration MUNIN_DATA_WITHIN = Duration.ofMinutes(11);

    private static Path dir;
    private static Path inventory;
    private static boolean prepared;
    private static HttpServer server;
    /** Each host's speedy graphs, as its munin-node has them (the plugins' links) once speedy-monitoring is there. */
    private static final Map<String, List<String>> SPEEDY_GRAPHS = new TreeMap<>();
    /** When the Munin master first ran: its graphs' data follow Munin's 5-minute step from then. */
    private static Instant muninStarted;

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
                + "firewall:\n  operators: [" + BRIDGE_ADDRESS + "]\n"
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
        for (String host : HOSTS) {
            SPEEDY_GRAPHS.put(host, testbed.host(host).exec("sh", "-c", "ls /etc/munin/plugins | grep '^speedy_'")
                    .stdout().lines().toList());
        }
        // The web interface's password comes from the secret store: without it, nothing changes.
        PushRun refused = push("monitoring", "config", "--install");
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("push config set speedy-monitoring web.password --from-file FILE"
                + " --store-only");
        assertThat(mon.exec("test", "-e", "/etc/nagios4/conf.d/speedy.cfg").exitStatus()).isNotZero();
        PushRun password = push("config", "set", "speedy-monitoring", "web.password", "--from-file",
                Files.writeString(dir.resolve("web-password"), WEB_PASSWORD + "\n").toString(), "--store-only");
        assertThat(password.exitCode()).as(password.out()).isZero();
        PushRun config = push("monitoring", "config", "--install");
        assertThat(config.exitCode()).as(config.out()).isZero();
        assertThat(config.out()).doesNotContain(WEB_PASSWORD);
        // Munin's clock starts now rather than at the timer's next fifth minute; the web test waits on its step.
        mon.exec("systemctl", "start", "--no-block", "speedy-munin-cron.service").orThrow();
        muninStarted = Instant.now();
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

    /**
     * Last, as it waits on Munin's 5-minute step (by now mostly over): the web interface as an operator meets it, in
     * Debian's headless chromium. mon-gone is dead by now: Nagios lists its services (down), Munin its old graphs.
     */
    @Test
    @Order(7)
    void anOperatorsBrowserShowsEveryHostsSpeedyGraphsWithDataAndEveryServiceAndOthersAreRefused() throws Exception {
        String site = "http://" + mon.address();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : List.of("/", "/munin/", "/nagios4/cgi-bin/status.cgi?host=all")) {
            assertThat(status(http, site + path, Optional.empty())).as(path + " without the password").isEqualTo(401);
        }
        assertThat(status(http, site + "/munin/", Optional.of("not-" + WEB_PASSWORD))).isEqualTo(401);
        assertThat(status(http, site + "/munin/", Optional.of(WEB_PASSWORD))).isEqualTo(200);
        // From an address that is not an operator's, the password is no help (nginx's allow list: no firewall here).
        Path curlConfig = Files.writeString(dir.resolve("curl-web.conf"), "user = \"" + WebInterface.USER + ":"
                + WEB_PASSWORD + "\"\n");
        assertThat(app.execWithInput(curlConfig, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-K", "-",
                site + "/munin/").stdout()).as("from mon-app").isEqualTo("403");

        Instant waitFrom = Instant.now();
        awaitMuninData();
        Duration waited = Duration.between(waitFrom, Instant.now());
        mon.exec("systemctl", "start", "speedy-munin-cron.service").orThrow();

        WebDriver browser = HeadlessChromium.start();
        try {
            // The password once, in the address; the browser answers the pages' and images' challenges with it after.
            browser.get("http://" + WebInterface.USER + ":" + WEB_PASSWORD + "@" + mon.address() + "/");
            assertThat(browser.getTitle()).isEqualTo("Speedy monitoring");

            browser.get(site + "/munin/");
            List<String> links = script(browser, "return Array.from(document.links).map(a => a.href);");
            for (String host : HOSTS) {
                assertThat(links).as("Munin's overview").contains(site + "/munin/speedy/" + host + "/index.html");
            }
            for (Map.Entry<String, List<String>> host : SPEEDY_GRAPHS.entrySet()) {
                browser.get(site + "/munin/speedy/" + host.getKey() + "/index.html");
                List<String> loaded = script(browser, "return Array.from(document.images)"
                        + ".filter(i => i.complete && i.naturalWidth > 0).map(i => i.src);");
                for (String graph : host.getValue()) {
                    assertThat(loaded).as(host.getKey() + "'s page in Munin").contains(site + "/munin/speedy/"
                            + host.getKey() + "/" + graph + "-day.png");
                }
            }
            browser.get(site + "/munin/speedy/mon-app/index.html");
            ((JavascriptExecutor) browser).executeScript(
                    "document.querySelector('img[src*=\"speedy_\"]').scrollIntoView();");
            HeadlessChromium.screenshot(browser, Path.of("target/monitoring/munin.png"));

            browser.get(site + "/nagios4/cgi-bin/status.cgi?host=all&limit=0");
            Set<String> listed = new TreeSet<>();
            for (String href : this.<String>script(browser, "return Array.from(document.querySelectorAll("
                    + "'a[href*=\"extinfo.cgi?type=2&\"]')).map(a => a.getAttribute('href'));")) {
                Map<String, String> query = new HashMap<>();
                for (String pair : href.substring(href.indexOf('?') + 1).split("&")) {
                    query.put(pair.substring(0, pair.indexOf('=')), URLDecoder.decode(pair.substring(pair.indexOf('=')
                            + 1).replaceAll("#.*", ""), StandardCharsets.UTF_8));
                }
                listed.add(query.get("host") + "/" + query.get("service"));
            }
            assertThat(listed).as("Nagios's status page, as the operator may see it")
                    .isEqualTo(serviceStates().keySet());
            HeadlessChromium.screenshot(browser, Path.of("target/monitoring/nagios.png"));
        } finally {
            browser.quit();
        }
        System.out.printf("MonitoringIT: the web pages' speedy graphs (%s) had data %d s after the Munin master's"
                + " first run (%d s waited here)%n", SPEEDY_GRAPHS.entrySet().stream().map(e -> e.getKey() + " "
                + e.getValue().size()).collect(Collectors.joining(", ")), Duration.between(muninStarted,
                waitFrom.plus(waited)).toSeconds(), waited.toSeconds());
    }

    /** An answer's status code, with the operator's user and {@code password} if given. */
    private static int status(HttpClient http, String url, Optional<String> password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        password.ifPresent(p -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (WebInterface.USER + ":" + p).getBytes(StandardCharsets.UTF_8))));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> script(WebDriver browser, String script) {
        return (List<T>) ((JavascriptExecutor) browser).executeScript(script);
    }

    /**
     * Waits until each live host's speedy graphs have a data point in Munin's RRDs (a value in the last hour at the
     * graphs' resolution), up to {@link #MUNIN_DATA_WITHIN} after the master's first run.
     */
    private void awaitMuninData() throws InterruptedException {
        List<String> graphs = new ArrayList<>();
        SPEEDY_GRAPHS.forEach((host, names) -> {
            // mon-gone was killed: its graphs keep what Munin had before, which may be no full step.
            if (!host.equals("mon-gone")) {
                names.forEach(name -> graphs.add(host + "-" + name));
            }
        });
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd /var/lib/munin/speedy && for g; do"
                + " for f in \"$g\"-*.rrd; do [ ! -e \"$f\" ] || rrdtool fetch \"$f\" AVERAGE -s -1h; done"
                + " | grep -Eq '^[0-9]+: .*[0-9]e[+-][0-9]+' || echo \"$g\"; done", "sh"));
        argv.addAll(graphs);
        Instant deadline = muninStarted.plus(MUNIN_DATA_WITHIN);
        while (true) {
            String without = mon.exec(argv.toArray(String[]::new)).orThrow().stdout();
            if (without.isEmpty()) {
                return;
            }
            assertThat(Instant.now()).as("a data point in each speedy graph within " + MUNIN_DATA_WITHIN.toMinutes()
                    + " minutes of Munin's first run; still none in:\n" + without).isBefore(deadline);
            Thread.sleep(10_000);
        }
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
