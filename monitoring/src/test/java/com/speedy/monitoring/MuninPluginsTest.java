package com.speedy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Munin plugins speak Munin's plugin protocol: config, autoconf and values. */
class MuninPluginsTest {
    private static final String FIELD = "[a-zA-Z_][a-zA-Z0-9_]*";

    static Stream<String> plugins() throws IOException {
        try (Stream<Path> files = Files.list(Script.DEB.resolve("munin"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void thePackageHoldsTheTwelvePlugins() throws IOException {
        assertThat(plugins()).containsExactly("speedy_app_error_share", "speedy_app_latency", "speedy_app_requests",
                "speedy_backup_age", "speedy_backup_lag", "speedy_jobs_age", "speedy_jobs_duration",
                "speedy_notifier_age", "speedy_notifier_deliveries", "speedy_notifier_queue", "speedy_pg_connections",
                "speedy_pg_replication_lag");
    }

    @Test
    void theBackupPluginsReadSpeedyBackupsReportAndAnUnansweredLagIsUnknown(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Path facts = Files.writeString(dir.resolve("facts"), String.join("\n", "now=" + now,
                "backup=20261202T071503|DONE|1|" + java.time.Instant.ofEpochSecond(now - 5400)
                        + "|000000010000000000000002",
                "lag=streaming|8192|0.02", "dump=20261202T023000Z|" + (now - 7200), "end", ""));
        Map<String, String> env = Map.of("SPEEDY_BACKUP_FACTS", "cat " + facts);

        assertThat(values("speedy_backup_lag", env)).containsExactly("lag.value 8192");
        assertThat(values("speedy_backup_age", env)).containsExactly("backup.value 1.50", "dump.value 2.00",
                "drill.value U");

        Files.writeString(facts, "now=" + now + "\nlag_error=connection refused\nend\n");
        assertThat(values("speedy_backup_lag", env)).containsExactly("lag.value U");
        Files.writeString(facts, "now=" + now + "\nlag=streaming|1|0\n");
        assertThat(values("speedy_backup_lag", env)).as("an answer cut off").containsExactly("lag.value U");
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void configIsWhatMuninParses(String plugin) throws Exception {
        Script.Result config = Script.run(Script.munin(plugin), LocalPostgres.env(), "config");

        assertThat(config.exitCode()).isZero();
        Map<String, String> graph = new LinkedHashMap<>();
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        for (String line : config.lines()) {
            assertThat(line).as("a line of %s config", plugin).matches("\\S+ \\S.*");
            String key = line.substring(0, line.indexOf(' '));
            String value = line.substring(line.indexOf(' ') + 1);
            if (key.startsWith("graph_")) {
                graph.put(key, value);
            } else {
                assertThat(key).as("a field attribute of %s", plugin).matches(FIELD + "\\.[a-z_]+");
                String[] parts = key.split("\\.");
                fields.computeIfAbsent(parts[0], f -> new HashMap<>()).put(parts[1], value);
            }
        }
        assertThat(graph).containsKeys("graph_title", "graph_vlabel").containsEntry("graph_category", "speedy");
        // Two units on one axis ("pending / seconds") drew the smaller one as a flat line near zero.
        assertThat(graph.get("graph_vlabel")).as("%s: one unit on the axis", plugin).doesNotContain("/", " and ");
        fields.forEach((field, attributes) -> {
            assertThat(attributes).as("%s.%s", plugin, field).containsKey("label");
            assertThat(attributes.get("type")).as("%s.%s.type", plugin, field).isIn("GAUGE", "DERIVE");
            if ("DERIVE".equals(attributes.get("type"))) {
                assertThat(attributes).as("%s.%s: a counter", plugin, field).containsEntry("min", "0");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void autoconfAnswersYesOrNoWithAReason(String plugin) throws Exception {
        Script.Result autoconf = Script.run(Script.munin(plugin), Map.of("SPEEDY_APP_URL", "http://127.0.0.1:1"),
                "autoconf");

        assertThat(autoconf.exitCode()).isZero();
        assertThat(autoconf.stdout()).matches("yes\n|no \\(.+\\)\n");
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void pluginsDeclareTheirCapabilitiesForMuninNodeConfigure(String plugin) throws IOException {
        assertThat(Files.readString(Script.munin(plugin))).startsWith("#!/bin/sh\n# " + plugin + ": ")
                .contains("\n#%# family=auto\n", "\n#%# capabilities=autoconf\n");
    }

    @Test
    void metricsPluginsReportTheAppsCountersAndTimes() throws Exception {
        try (AppDouble app = new AppDouble().metrics(1234, 5, 12.5, 80.25,
                AppDouble.notifications(7, 42, 900, 3, 25))) {
            assertThat(values("speedy_app_requests", app.env())).containsExactly("requests.value 1234", "errors.value 5");
            assertThat(values("speedy_app_latency", app.env())).containsExactly("mean.value 12.5", "p95.value 80.25");
            assertThat(values("speedy_notifier_queue", app.env())).containsExactly("pending.value 7");
            assertThat(values("speedy_notifier_age", app.env())).containsExactly("oldest.value 42");
            assertThat(values("speedy_notifier_deliveries", app.env()))
                    .containsExactly("delivered.value 900", "failed.value 25", "dead.value 3");
            assertThat(Script.run(Script.munin("speedy_notifier_queue"), app.env(), "autoconf").stdout()).isEqualTo("yes\n");
        }
    }

    @Test
    void notifierPluginsReportUnknownAndSayNoWhereTheAppHasNoNotifier() throws Exception {
        try (AppDouble app = new AppDouble().metrics(1, 0, 1, 2, "null")) {
            assertThat(values("speedy_notifier_queue", app.env())).containsExactly("pending.value U");
            assertThat(values("speedy_notifier_age", app.env())).containsExactly("oldest.value U");
            assertThat(Script.run(Script.munin("speedy_notifier_deliveries"), app.env(), "autoconf").stdout())
                    .startsWith("no (");
            assertThat(Script.run(Script.munin("speedy_app_requests"), app.env(), "autoconf").stdout()).isEqualTo("yes\n");
        }
    }

    @Test
    void metricsPluginsReportUnknownWhenTheAppDoesNotAnswer() throws Exception {
        Map<String, String> env = Map.of("SPEEDY_APP_URL", "http://127.0.0.1:1");

        assertThat(values("speedy_app_requests", env)).containsExactly("requests.value U", "errors.value U");
        assertThat(Script.run(Script.munin("speedy_app_latency"), env, "autoconf").stdout())
                .isEqualTo("no (http://127.0.0.1:1/metrics does not answer)\n");
    }

    @Test
    void errorShareIsThePercentOfRequestsAnsweredWith5xxSinceTheLastFetch(@TempDir Path state) throws Exception {
        try (AppDouble app = new AppDouble().metrics(1000, 10, 1, 2, "null")) {
            Map<String, String> env = new HashMap<>(app.env());
            env.put("MUNIN_PLUGSTATE", state.toString());

            assertThat(values("speedy_app_error_share", env)).as("first fetch").containsExactly("share.value U");
            app.metrics(1400, 16, 1, 2, "null");
            assertThat(values("speedy_app_error_share", env)).as("6 of 400").containsExactly("share.value 1.50");
            assertThat(values("speedy_app_error_share", env)).as("no request since")
                    .containsExactly("share.value 0.00");
            app.metrics(30, 0, 1, 2, "null");
            assertThat(values("speedy_app_error_share", env)).as("the app restarted, its counters at 0 again")
                    .containsExactly("share.value U");
            app.answer("/metrics", 500, "{}");
            assertThat(values("speedy_app_error_share", env)).as("no answer").containsExactly("share.value U");
            app.metrics(130, 5, 1, 2, "null");
            assertThat(values("speedy_app_error_share", env)).as("5 of 100 since the last answer")
                    .containsExactly("share.value 5.00");
            assertThat(values("speedy_app_error_share", app.env())).as("no state folder, as when run by hand")
                    .containsExactly("share.value U");
        }
        List<String> config = Script.run(Script.munin("speedy_app_error_share"), Map.of(), "config").lines();
        assertThat(config).contains("graph_vlabel percent", "share.warning 1", "share.critical 5");
        assertThat(Script.run(Script.munin("speedy_app_requests"), Map.of(), "config").lines())
                .as("a threshold on a rate that depends on the traffic").noneMatch(l -> l.startsWith("errors.warning")
                        || l.startsWith("errors.critical"));
    }

    @Test
    void jobsPluginsReportAgeAndDurationFromSystemdAndUnknownBeforeTheFirstRun(@TempDir Path bin) throws Exception {
        // a stand-in for systemctl: purge started 100 s ago and ran 2.5 s; trending has not run since boot
        FakeCommand.write(bin, "systemctl", """
                case "$*" in
                    *speedy-jobs-purge.service*)
                        echo "ExecMainStartTimestamp=@$(( $(date +%s) - 100 ))"
                        echo ExecMainStartTimestampMonotonic=5000000
                        echo ExecMainExitTimestampMonotonic=7500000 ;;
                    *LoadState*) echo loaded ;;
                    *) echo ExecMainStartTimestamp=; echo ExecMainStartTimestampMonotonic=0
                       echo ExecMainExitTimestampMonotonic=0 ;;
                esac""");
        Map<String, String> env = FakeCommand.path(bin);

        List<String> ages = values("speedy_jobs_age", env);

        assertThat(ages).hasSize(2);
        assertThat(ages.get(0)).matches("purge\\.value 10[0-2]");
        assertThat(ages.get(1)).isEqualTo("trending.value U");
        assertThat(values("speedy_jobs_duration", env)).containsExactly("purge.value 2.500", "trending.value U");
        assertThat(Script.run(Script.munin("speedy_jobs_age"), env, "autoconf").stdout()).isEqualTo("yes\n");
        assertThat(Script.run(Script.munin("speedy_jobs_duration"), env, "autoconf").stdout()).isEqualTo("yes\n");
    }

    @Test
    void postgresPluginsReadTheLocalServer() throws Exception {
        Map<String, Long> connections = new LinkedHashMap<>();
        for (String line : values("speedy_pg_connections", LocalPostgres.env())) {
            assertThat(line).matches(FIELD + "\\.value \\d+");
            String[] fieldAndValue = line.split("\\.value ");
            connections.put(fieldAndValue[0], Long.parseLong(fieldAndValue[1]));
        }
        long max = connections.remove("max_connections");
        long used = connections.remove("used");

        assertThat(connections).hasSize(6);
        assertThat(connections.get("active")).as("this psql itself is active").isPositive();
        assertThat(used).isEqualTo(connections.values().stream().mapToLong(Long::longValue).sum());
        assertThat(max).isGreaterThanOrEqualTo(used);
        assertThat(Script.run(Script.munin("speedy_pg_connections"), LocalPostgres.env(), "config").lines())
                .as("thresholds at 80 and 90 % of max_connections")
                .contains("used.warning " + max * 80 / 100, "used.critical " + max * 90 / 100);
        assertThat(values("speedy_pg_replication_lag", LocalPostgres.env())).as("a primary without standbys")
                .containsExactly("no_standby.value 1");
        assertThat(Script.run(Script.munin("speedy_pg_connections"), LocalPostgres.env(), "autoconf").stdout())
                .isEqualTo("yes\n");
    }

    @Test
    void postgresPluginsReportUnknownWhenTheServerDoesNotAnswer() throws Exception {
        Map<String, String> env = new HashMap<>(LocalPostgres.env());
        env.put("PGPORT", "1");

        assertThat(values("speedy_pg_connections", env)).hasSize(8).allMatch(l -> l.matches(FIELD + "\\.value U"));
        assertThat(Script.run(Script.munin("speedy_pg_connections"), env, "config").stdout())
                .doesNotContain("used.warning");
        assertThat(values("speedy_pg_replication_lag", env)).containsExactly("no_standby.value U");
    }

    @Test
    void valuesMatchTheFieldsThatConfigDeclares(@TempDir Path bin) throws Exception {
        FakeCommand.write(bin, "systemctl", ":");
        try (AppDouble app = new AppDouble().metrics(1, 0, 1, 2, AppDouble.notifications(0, 0, 0, 0, 0))) {
            Map<String, String> env = new HashMap<>(app.env());
            env.putAll(LocalPostgres.env());
            env.putAll(FakeCommand.path(bin));
            for (String plugin : plugins().toList()) {
                Set<String> declared = new TreeSet<>();
                Script.run(Script.munin(plugin), env, "config").lines().stream()
                        .filter(l -> l.matches(FIELD + "\\.label .*"))
                        .forEach(l -> declared.add(l.substring(0, l.indexOf('.'))));
                Set<String> reported = new TreeSet<>();
                values(plugin, env).forEach(l -> reported.add(l.substring(0, l.indexOf('.'))));
                assertThat(reported).as(plugin).isEqualTo(declared);
            }
        }
    }

    private static List<String> values(String plugin, Map<String, String> env) throws Exception {
        Script.Result result = Script.run(Script.munin(plugin), env);
        assertThat(result.exitCode()).as("%s exit code", plugin).isZero();
        return result.lines();
    }
}
