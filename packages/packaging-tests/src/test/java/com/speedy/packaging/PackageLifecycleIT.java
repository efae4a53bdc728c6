package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks piuparts makes, on a booted Debian host: the three packages install with apt, their services run and reach
 * PostgreSQL on another host through the {@code db} alias, an upgrade restarts them and keeps an edited conffile,
 * remove keeps the configuration, and purge leaves the host exactly as it was.
 */
@TestbedHosts({"host1", "host2"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageLifecycleIT {
    private static final List<String> PACKAGES = NestedBuild.PACKAGES;
    private static final List<String> SERVICES = List.of("speedy-app.service", "speedy-notifier.service");
    private static final List<String> TIMERS = List.of("speedy-jobs-trending.timer", "speedy-jobs-purge.timer");
    private static final String DB_PASSWORD = "lifecycle-secret";
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q",
        "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"};
    private static List<String> filesBefore;
    private static List<String> usersBefore;

    @Test
    @Order(1)
    void theThreePackagesInstallWithAptAndTheirUnitsRun(Testbed testbed) throws Exception {
        TestbedHost app = testbed.host("host1");
        filesBefore = app.files();
        usersBefore = app.exec("getent", "passwd").orThrow().stdout().lines().toList();
        startPostgres(testbed.host("host2"));
        app.exec("sh", "-c", "echo '" + testbed.host("host2").address() + "\tdb' >> /etc/hosts").orThrow();

        install(app, currentDebs());

        for (String unit : concat(SERVICES, TIMERS)) {
            assertThat(app.exec("systemctl", "is-active", unit).stdout().strip()).as(unit).isEqualTo("active");
            assertThat(app.exec("systemctl", "is-enabled", unit).stdout().strip()).as(unit).isEqualTo("enabled");
        }
        assertThat(app.exec("id", "-u", "speedy").exitStatus()).isZero();
        assertThat(app.exec("stat", "-c", "%U:%G %a", "/etc/speedy/speedy-app.conf").stdout().strip())
                .isEqualTo("root:speedy 640");
    }

    @Test
    @Order(2)
    void speedyAppAnswersHealthzAndReachesTheDatabaseThroughTheDbAlias(Testbed testbed) throws Exception {
        TestbedHost app = testbed.host("host1");
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs")) {
            app.exec("sed", "-i", "s/^db.password = .*/db.password = " + DB_PASSWORD + "/",
                    "/etc/speedy/" + name + ".conf").orThrow();
        }
        app.exec("systemctl", "restart", "speedy-app", "speedy-notifier").orThrow();

        String health = awaitHealthy(app);
        assertThat(health).contains("\"status\":\"ok\"", "\"reachable\":true", "\"maintenance\":false");
        assertThat(app.exec("systemctl", "start", "speedy-jobs-trending.service").exitStatus())
                .as("the trending job runs against the database on host2").isZero();
        assertThat(app.exec("journalctl", "-u", "speedy-jobs-trending", "--no-pager").stdout())
                .contains("trending tag(s)");
    }

    @Test
    @Order(3)
    void anUpgradeToANewerBuildRestartsTheServicesAndKeepsTheEditedConffile(Testbed testbed, @TempDir Path newer)
            throws Exception {
        TestbedHost app = testbed.host("host1");
        String before = version(app, "speedy-app");
        Map<String, String> pids = mainPids(app);
        Map<String, Path> debs = NestedBuild.build(newer.resolve("sources"),
                "-Dproject.build.outputTimestamp=2099-01-01T00:00:00Z");

        install(app, new ArrayList<>(debs.values()));

        String after = version(app, "speedy-app");
        assertThat(Command.run("dpkg", "--compare-versions", after, "gt", before).exitCode()).as(after + " > " + before)
                .isZero();
        assertThat(mainPids(app)).allSatisfy((unit, pid) -> assertThat(pid).as(unit).isNotEqualTo(pids.get(unit))
                .isNotEqualTo("0"));
        assertThat(app.read("/etc/speedy/speedy-app.conf")).contains("db.password = " + DB_PASSWORD);
        assertThat(app.exec("sh", "-c", "ls /etc/speedy/*.dpkg-* 2>/dev/null").stdout()).isEmpty();
        assertThat(awaitHealthy(app)).contains("\"reachable\":true");
    }

    @Test
    @Order(4)
    void removeStopsTheServicesAndKeepsTheirConfiguration(Testbed testbed) {
        TestbedHost app = testbed.host("host1");

        app.exec(concat(List.of(APT), List.of("remove"), PACKAGES).toArray(String[]::new)).orThrow();

        for (String unit : concat(SERVICES, TIMERS)) {
            assertThat(app.exec("systemctl", "is-active", unit).stdout().strip()).as(unit).isIn("inactive", "unknown");
        }
        assertThat(app.exec("pgrep", "-f", "com.speedy").exitStatus()).as("no speedy process left").isEqualTo(1);
        for (String name : PACKAGES) {
            assertThat(app.exec("test", "-f", "/etc/speedy/" + name + ".conf").exitStatus()).as(name).isZero();
            assertThat(app.exec("dpkg-query", "-W", "-f=${db:Status-Abbrev}", name).stdout().strip()).isEqualTo("rc");
        }
    }

    @Test
    @Order(5)
    void purgeLeavesNoFileUserUnitOrConfigurationBehind(Testbed testbed) {
        TestbedHost app = testbed.host("host1");

        app.exec(concat(List.of(APT), List.of("purge"), PACKAGES).toArray(String[]::new)).orThrow();
        app.exec("systemctl", "daemon-reload").orThrow();

        List<String> filesAfter = app.files();
        assertThat(difference(filesAfter, filesBefore)).as("files the packages left behind").isEmpty();
        assertThat(difference(filesBefore, filesAfter)).as("files that went missing").isEmpty();
        assertThat(app.exec("getent", "passwd").orThrow().stdout().lines().toList()).isEqualTo(usersBefore);
        assertThat(app.exec("getent", "group", "speedy").exitStatus()).isEqualTo(2);
        assertThat(app.exec("dpkg-statoverride", "--list").stdout()).doesNotContain("speedy");
        assertThat(app.exec("systemctl", "list-unit-files", "speedy*").stdout()).contains("0 unit files listed");
    }

    private static void startPostgres(TestbedHost db) {
        db.exec("sh", "-c", String.join(" && ",
                "echo \"listen_addresses = '*'\" > /etc/postgresql/15/main/conf.d/testbed.conf",
                "echo 'host speedy speedy 10.213.7.0/24 scram-sha-256' >> /etc/postgresql/15/main/pg_hba.conf",
                "echo auto > /etc/postgresql/15/main/start.conf",
                "systemctl daemon-reload",
                "systemctl enable --now postgresql",
                "systemctl restart postgresql@15-main",
                "runuser -u postgres -- psql -q -c \"CREATE ROLE speedy LOGIN PASSWORD '" + DB_PASSWORD + "'\"",
                "runuser -u postgres -- createdb -O speedy speedy")).orThrow();
    }

    private static void install(TestbedHost host, List<Path> debs) {
        host.exec("mkdir", "-p", "/root/debs").orThrow();
        List<String> remote = new ArrayList<>();
        for (Path deb : debs) {
            String target = "/root/debs/" + deb.getFileName();
            host.upload(deb, target);
            remote.add(target);
        }
        host.exec(concat(List.of(APT), List.of("install"), remote).toArray(String[]::new)).orThrow();
        host.exec("rm", "-rf", "/root/debs").orThrow();
    }

    private static List<Path> currentDebs() throws Exception {
        List<Path> debs = new ArrayList<>();
        for (String name : PACKAGES) {
            debs.add(DebFile.of(name).path());
        }
        return debs;
    }

    private static String version(TestbedHost host, String name) {
        return host.exec("dpkg-query", "-W", "-f=${Version}", name).orThrow().stdout().strip();
    }

    private static Map<String, String> mainPids(TestbedHost host) {
        return Map.of(
                "speedy-app", host.exec("systemctl", "show", "-P", "MainPID", "speedy-app").orThrow().stdout().strip(),
                "speedy-notifier", host.exec("systemctl", "show", "-P", "MainPID", "speedy-notifier").orThrow().stdout()
                        .strip());
    }

    /** Polls speedy-app's /healthz on the host's address until it answers 200 (the JVM takes a few seconds). */
    private static String awaitHealthy(TestbedHost app) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + app.address() + ":8080/healthz"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("speedy-app on " + app + " not healthy within 60 s; last answer: " + last + "\n"
                + app.exec("journalctl", "-u", "speedy-app", "--no-pager", "-n", "30").stdout());
    }

    private static List<String> difference(List<String> a, List<String> b) {
        List<String> rest = new ArrayList<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return concat(concat(a, b), c);
    }
}
