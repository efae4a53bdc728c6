package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.push.cli.Push;
import com.speedy.repo.cli.RepoTool;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Releases behind the load balancer, on real hosts: speedy-lb's nginx on rl-lb in front of rl-app1..3 (speedy-app,
 * -notifier and -jobs from a repository that repo-tool published and serves on the bridge), PostgreSQL on rl-db. A
 * client uses the product through the balancer while push upgrades the app hosts one by one. The tests run in order,
 * each from the versions the one before left.
 */
@TestbedHosts({"rl-lb", "rl-app1", "rl-app2", "rl-app3", "rl-db"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LbIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String POOL = "/etc/speedy-lb/pool.conf";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Path dir;
    private static Path repo;
    private static HttpServer server;
    private static Path inventory;
    private static String built;
    /** Set up once for the class; a failed set-up fails every test with its cause rather than each its own way. */
    private static Throwable setUpFailed;
    private static Testbed hostsOfThisClass;

    private TestbedHost lb;
    private TestbedHost db;
    private List<TestbedHost> apps;

    @BeforeEach
    void fleet(Testbed testbed) throws Exception {
        hostsOfThisClass = testbed;
        lb = testbed.host("rl-lb");
        db = testbed.host("rl-db");
        apps = List.of(testbed.host("rl-app1"), testbed.host("rl-app2"), testbed.host("rl-app3"));
        if (setUpFailed != null) {
            throw new AssertionError("the fleet's set-up failed", setUpFailed);
        }
        if (inventory == null) {
            try {
                setUp();
            } catch (Exception | AssertionError e) {
                setUpFailed = e;
                throw e;
            }
        }
    }

    /**
     * Testbed hosts live for the whole test run; these are done with, and their nine service JVMs made a later class's
     * hosts miss their ssh deadline in CI (as BackupIT's did).
     */
    @AfterAll
    static void stopServingAndTheHosts() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (hostsOfThisClass != null) {
            for (String name : List.of("rl-lb", "rl-app1", "rl-app2", "rl-app3", "rl-db")) {
                hostsOfThisClass.kill(name);
            }
        }
    }

    /** The repository with every package as built, the database, the packages installed, the pool synced. */
    private void setUp() throws Exception {
        dir = Files.createTempDirectory("lb-it");
        repo = dir.resolve("apt");
        assertThat(repoTool("init", repo.toString(), "--suite", "dev", "--arch", "amd64")).isZero();
        assertThat(repoTool("key", "generate", "-r", repo.toString())).isZero();
        List<String> publish = new ArrayList<>(List.of("publish", "-r", repo.toString(), "--suite", "dev"));
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs", "speedy-lb",
                "speedy-monitoring")) {
            publish.add(BuiltDebs.of(name).toString());
        }
        assertThat(repoTool(publish.toArray(String[]::new))).isZero();
        built = LocalCommand.of("dpkg-deb", "--field", BuiltDebs.of("speedy-app").toString(), "Version").run()
                .orThrow().stdoutText().strip();
        server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        inventory = writeInventory();

        DbPair.initPrimary(inventory, dir.resolve("logs"), "rl-db");
        assertOk(push("apt-source", "--all"));
        assertOk(push("upgrade", "--all"));
        DbPair.setPasswords(inventory, dir.resolve("logs"), List.of("speedy-app", "speedy-notifier", "speedy-jobs"));
        assertOk(push("lb", "sync"));
        awaitThroughTheBalancer(200, Duration.ofSeconds(90));
    }

    @Test
    @Order(1)
    void aRollingUpgradeUnderLoadFailsNoRequestLosesNoWriteAndLeavesEveryHostOnTheNewVersion() throws Exception {
        String next = built.replaceFirst("-(\\d+)$", "-2");
        publish(repackaged(next, ""));
        PushRun upgrade;
        Duration took;
        BalancerClient client = new BalancerClient(lb.address());
        try (client) {
            awaitAcknowledged(client, 20);
            long started = System.nanoTime();
            upgrade = push("upgrade", "app", "--rolling");
            took = Duration.ofNanos(System.nanoTime() - started);
            awaitAcknowledged(client, client.acknowledged().size() + 20);
        }

        assertThat(upgrade.exitCode()).as(upgrade.out()).isZero();
        assertThat(upgrade.out()).contains("rl-lb: taking rl-app1 out of the pool", "rl-app1: draining",
                "speedy-app " + built + " -> " + next, "healthy at " + next + ", back in the pool",
                "rl-lb: every app host back in the pool");
        assertThat(client.failures()).as("requests that failed through the balancer during the rolling upgrade")
                .isEmpty();
        assertThat(client.ops()).as("requests during the upgrade").hasSizeGreaterThan(100);
        assertEveryAcknowledgedWriteStored(client);
        for (TestbedHost app : apps) {
            assertThat(installed(app, "speedy-app")).as(app.name()).isEqualTo(next + " ii");
            assertThat(app.exec("test", "-e", "/var/lib/speedy-app/draining").exitStatus()).as(app.name()
                    + " not draining").isEqualTo(1);
        }
        assertThat(lb.read(POOL)).doesNotContain(" down;");
        assertThat(poolCheck()).startsWith("0 SPEEDY-LB-POOL OK - 3 of 3 app hosts in the pool answer /healthz |");
        System.out.println("LbIT rolling upgrade of 3 in " + took.toMillis() + " ms: " + client.ops().size()
                + " requests, " + client.failures().size() + " failed, p99 " + client.p99Millis() + " ms");
    }

    @Test
    @Order(2)
    void aCanaryWhosePostinstFailsIsRolledBackAndLeftOutOfThePoolAndTheOtherHostsAreUntouched() throws Exception {
        String good = installed(apps.get(0), "speedy-app").split(" ")[0];
        String broken = built.replaceFirst("-(\\d+)$", "-3");
        publish(repackaged(broken, "echo 'postinst: deliberately broken' >&2\nexit 1\n"));
        List<String> othersBefore = List.of(dpkgState(apps.get(1)), dpkgState(apps.get(2)));

        PushRun upgrade = push("upgrade", "app", "--rolling", "--canary", "1");

        assertThat(upgrade.exitCode()).as(upgrade.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(upgrade.out()).containsPattern("rl-app1\\s+failed\\s+.*rolled back: back to .*speedy-app=" + good
                        + ".*left out of the pool")
                .containsPattern("rl-app2\\s+skipped").containsPattern("rl-app3\\s+skipped");
        assertThat(installed(apps.get(0), "speedy-app")).isEqualTo(good + " ii");
        assertThat(lb.read(POOL)).containsPattern(apps.get(0).address().replace(".", "\\.") + ":8080 down;")
                .doesNotContain(apps.get(1).address() + ":8080 down", apps.get(2).address() + ":8080 down");
        assertThat(List.of(dpkgState(apps.get(1)), dpkgState(apps.get(2)))).isEqualTo(othersBefore);
        assertThat(getThroughTheBalancer("application/json").statusCode()).as("the others serve").isEqualTo(200);
        assertThat(poolCheck()).as("a host just taken out").startsWith("0 SPEEDY-LB-POOL OK - 2 of 2 app hosts in the"
                + " pool answer /healthz; taken out for ").contains(": rl-app1 |");

        // Back to the good version everywhere: the repository drops the broken one, and sync restores the pool.
        assertThat(repoTool("remove", "-r", repo.toString(), "--suite", "dev", "speedy-app=" + broken)).isZero();
        apps.get(0).exec("rm", "-f", "/var/lib/speedy-app/draining").orThrow();
        assertOk(push("lb", "sync"));
        assertThat(lb.read(POOL)).doesNotContain(" down;");
    }

    @Test
    @Order(3)
    void withEveryAppHostDownTheBalancerItselfAnswersTheMaintenancePageWithRetryAfter() throws Exception {
        for (TestbedHost app : apps) {
            app.exec("systemctl", "stop", "speedy-app").orThrow();
        }
        try {
            HttpResponse<String> browser = getThroughTheBalancer("text/html");
            HttpResponse<String> api = getThroughTheBalancer("application/json");

            assertThat(browser.statusCode()).isEqualTo(503);
            assertThat(browser.headers().firstValue("Retry-After")).contains("300");
            assertThat(browser.body()).contains("<html", "be right back");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Retry-After")).contains("300");
            assertThat(api.body()).contains("\"error\":\"maintenance\"");
            assertThat(poolCheck()).startsWith("2 SPEEDY-LB-POOL CRITICAL - 0 of 3 app hosts in the pool answer");
        } finally {
            for (TestbedHost app : apps) {
                app.exec("systemctl", "start", "speedy-app").orThrow();
            }
        }
        awaitThroughTheBalancer(200, Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void maintenanceOnGivesEveryUserTheMessageWithRetryAfterFromTheBalancerAndEachAppHostAndOffEndsIt()
            throws Exception {
        PushRun on = push("maintenance", "on", "--message", "Moving to a <bigger> database server", "--until", "30m");

        assertThat(on.exitCode()).as(on.out()).isZero();
        assertThat(on.out()).containsPattern("rl-lb\\s+changed\\s+the balancer answers 503 maintenance")
                .containsPattern("rl-app1\\s+changed\\s+speedy-app answers 503 maintenance");
        HttpResponse<String> browser = getThroughTheBalancer("text/html");
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.headers().firstValue("Retry-After")).isPresent();
        assertThat(browser.body()).contains("Moving to a &lt;bigger&gt; database server", "We expect to be back by");
        assertThat(getThroughTheBalancer("application/json").body()).contains("\"error\":\"maintenance\"",
                "Moving to a <bigger> database server");
        for (TestbedHost app : apps) {
            HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + app.address()
                    + ":8080/api/posts")).timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(direct.statusCode()).as(app.name()).isEqualTo(503);
            assertThat(direct.body()).as(app.name()).contains("Moving to a <bigger> database server");
            long retryAfter = Long.parseLong(direct.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).as(app.name() + ": Retry-After counts down to the end").isBetween(1_500L, 1_800L);
        }
        assertThat(PushRun.of(List.of("-i", inventory.toString()), "status").out())
                .contains("maintenance mode is on at rl-lb, rl-app1, rl-app2, rl-app3");

        PushRun off = push("maintenance", "off");

        assertThat(off.exitCode()).as(off.out()).isZero();
        assertThat(getThroughTheBalancer("application/json").statusCode()).isEqualTo(200);
        assertThat(PushRun.of(List.of("-i", inventory.toString()), "status").out()).doesNotContain("maintenance mode");
    }

    @Test
    @Order(5)
    void anInventoryWithoutAppHostsAndAnUnreachableBalancerAreRefusedWithNothingChanged() throws Exception {
        String pool = lb.read(POOL);
        Path noApps = Files.writeString(inventory.resolveSibling("no-apps.yaml"), Files.readString(inventory).replace(
                "packages: [speedy-app, speedy-notifier, speedy-jobs]", "packages: [speedy-notifier]"));

        PushRun empty = PushRun.of(List.of("-i", noApps.toString(), "--log-dir", dir.resolve("logs").toString()),
                "lb", "sync");
        assertThat(empty.exitCode()).as(empty.out()).isEqualTo(Push.BAD_INPUT);
        assertThat(empty.out()).contains("no host of " + noApps + " runs speedy-app");

        // An address on the bridge that no host has: the hosts section ends the file.
        Path unreachable = Files.writeString(inventory.resolveSibling("two-lbs.yaml"), Files.readString(inventory)
                + "  rl-lb2:\n    address: 10.213.7.250\n    groups: [lb]\n");
        PushRun sync = PushRun.of(List.of("-i", unreachable.toString(), "--log-dir",
                dir.resolve("logs").toString()), "lb", "sync");
        assertThat(sync.exitCode()).as(sync.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(sync.out()).contains("nothing was changed").containsPattern("rl-lb2\\s+unreachable");
        PushRun rolling = PushRun.of(List.of("-i", unreachable.toString(), "--log-dir",
                dir.resolve("logs").toString()), "upgrade", "app", "--rolling");
        assertThat(rolling.exitCode()).as(rolling.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(rolling.out()).contains("nothing was changed");
        PushRun maintenance = PushRun.of(List.of("-i", unreachable.toString(), "--log-dir",
                dir.resolve("logs").toString()), "maintenance", "on");
        assertThat(maintenance.exitCode()).as(maintenance.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(maintenance.out()).containsPattern("rl-lb2\\s+unreachable").containsPattern("rl-app1\\s+skipped");
        assertThat(lb.read(POOL)).isEqualTo(pool);
        assertThat(lb.exec("test", "-e", "/var/lib/speedy-lb/maintenance").exitStatus()).isEqualTo(1);
        for (TestbedHost app : apps) {
            assertThat(app.exec("test", "-e", "/var/lib/speedy-app/draining").exitStatus()).isEqualTo(1);
            assertThat(app.exec("test", "-e", "/var/lib/speedy-app/maintenance").exitStatus()).isEqualTo(1);
        }
    }

    @Test
    @Order(6)
    void aHostAnEarlierRunLeftDrainedAndOutOfThePoolStaysOutUntilItIsUpgradedAndGoesFirst() throws Exception {
        // What a rolling upgrade killed while rl-app2 was out leaves: its drain flag, and the pool without it.
        TestbedHost left = apps.get(1);
        left.exec("touch", "/var/lib/speedy-app/draining").orThrow();
        lb.exec("sh", "-c", "sed -i 's|^server " + left.address() + ":8080 .*|server " + left.address() + ":8080"
                + " down;  # " + left.name() + ": out of the pool|' " + POOL + " && systemctl reload nginx").orThrow();
        String next = built.replaceFirst("-(\\d+)$", "-4");
        publish(repackaged(next, ""));

        PushRun upgrade;
        BalancerClient client = new BalancerClient(lb.address());
        try (client) {
            awaitAcknowledged(client, 10);
            upgrade = push("upgrade", "app", "--rolling");
        }

        assertThat(upgrade.exitCode()).as(upgrade.out()).isZero();
        String out = upgrade.out();
        assertThat(out.indexOf("rl-lb: taking rl-app2 out of the pool")).as(out).isNotNegative()
                .isLessThan(out.indexOf("rl-lb: taking rl-app1 out of the pool"));
        assertThat(client.failures()).as("requests that failed through the balancer").isEmpty();
        assertEveryAcknowledgedWriteStored(client);
        for (TestbedHost app : apps) {
            assertThat(installed(app, "speedy-app")).as(app.name()).isEqualTo(next + " ii");
            assertThat(app.exec("test", "-e", "/var/lib/speedy-app/draining").exitStatus()).isEqualTo(1);
        }
        assertThat(lb.read(POOL)).doesNotContain(" down;");
    }

    /** The balancer's pool check as NRPE runs it there (its command line, as user nagios): "EXIT OUTPUT". */
    private String poolCheck() {
        return lb.exec("sh", "-c", "out=$(runuser -u nagios -- sh -c \"$(sed -n"
                + " 's/^command\\[check_speedy_lb_pool]=//p' /etc/nagios/nrpe.d/speedy-monitoring.cfg)\");"
                + " printf '%s %s' $? \"$out\"").orThrow().stdout();
    }

    /** The built speedy-app .deb as version {@code version}, its postinst starting with {@code postinstFirst}. */
    private static Path repackaged(String version, String postinstFirst) throws Exception {
        Path tree = Files.createTempDirectory(dir, "deb-");
        LocalCommand.of("dpkg-deb", "-R", BuiltDebs.of("speedy-app").toString(), tree.toString()).run().orThrow();
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Files.writeString(tree.resolve("usr/share/speedy-app/package-version"), version + "\n");
        Path postinst = tree.resolve("DEBIAN/postinst");
        Files.writeString(postinst, Files.readString(postinst).replaceFirst("\n", "\n" + postinstFirst));
        LocalCommand.of("sh", "-c", "cd \"$1\" && find usr -type f -exec md5sum {} + > DEBIAN/md5sums", "sh",
                tree.toString()).run().orThrow();
        Path deb = dir.resolve("speedy-app_" + version + "_all.deb");
        LocalCommand.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()).run().orThrow();
        return deb;
    }

    private static void publish(Path deb) {
        assertThat(repoTool("publish", "-r", repo.toString(), "--suite", "dev", deb.toString())).isZero();
    }

    /** The inventory: the repository, the groups lb, app and db, and their hosts (last). */
    private Path writeInventory() throws Exception {
        StringBuilder text = new StringBuilder("repository:\n  url: http://" + BRIDGE_ADDRESS + ":"
                + server.getAddress().getPort() + "/\n  suite: dev\n  keyring: " + repo.resolve(
                        "conf/archive-keyring.gpg") + "\n" + TestbedInventory.ssh(TestbedInventory.knownHosts(),
                        "  connect_timeout: 3s\n  command_timeout: 5m\n") + TestbedInventory.secrets(dir)
                + "groups:\n  lb:\n    packages: [speedy-lb, speedy-monitoring]\n  db:\n"
                + "  app:\n    packages: [speedy-app, speedy-notifier, speedy-jobs]\nhosts:\n");
        text.append("  rl-lb:\n    address: ").append(lb.address()).append("\n    groups: [lb]\n");
        for (TestbedHost app : apps) {
            text.append("  ").append(app.name()).append(":\n    address: ").append(app.address())
                    .append("\n    groups: [app]\n");
        }
        text.append("  rl-db:\n    address: ").append(db.address()).append("\n    groups: [db]\n");
        return Files.writeString(Files.createDirectories(dir.resolve("inventory")).resolve("inventory.yaml"), text);
    }

    private void assertEveryAcknowledgedWriteStored(BalancerClient client) {
        Set<String> stored = new TreeSet<>(db.exec("sh", "-c", DbPair.PSQL + "\"SELECT body FROM posts WHERE author"
                + " = 'lb-client'\"").orThrow().stdout().lines().toList());
        assertThat(stored).as("every write the balancer acknowledged is in the database")
                .containsAll(client.acknowledged());
    }

    private static void awaitAcknowledged(BalancerClient client, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (client.acknowledged().size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(client.acknowledged()).as("writes through the balancer").hasSizeGreaterThanOrEqualTo(count);
    }

    private HttpResponse<String> getThroughTheBalancer(String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + lb.address() + "/api/posts"))
                .timeout(Duration.ofSeconds(10)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitThroughTheBalancer(int status, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        int last = 0;
        while (Instant.now().isBefore(deadline) && last != status) {
            try {
                last = getThroughTheBalancer("application/json").statusCode();
            } catch (java.io.IOException notYet) {
                last = 0;
            }
            Thread.sleep(500);
        }
        assertThat(last).as("GET /api/posts through the balancer").isEqualTo(status);
    }

    private static String installed(TestbedHost host, String name) {
        return host.exec("dpkg-query", "-W", "-f=${Version} ${db:Status-Abbrev}", name).stdout().strip();
    }

    private static String dpkgState(TestbedHost host) {
        return host.exec("dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Abbrev}\\n").orThrow().stdout();
    }

    private static void assertOk(PushRun run) {
        assertThat(run.exitCode()).as(run.out()).isZero();
    }

    private static int repoTool(String... args) {
        return RepoTool.commandLine().execute(args);
    }

    private static PushRun push(String... args) {
        return PushRun.of(List.of("-i", inventory.toString(), "--log-dir", dir.resolve("logs").toString()), args);
    }
}
