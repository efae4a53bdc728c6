package com.speedy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.testbed.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NRPE checks: Nagios's exit codes, one status line, perfdata in Nagios's format. */
class NagiosChecksTest {
    private static final Pattern PERFDATA = Pattern.compile("'[^'=]+'=-?[\\d.]+(s|B|%)?(;[\\d.]*){0,4}");
    private static final String HEALTHY = """
            {"status":"ok","version":"1.0.0","database":{"reachable":true,"writable":true,"schemaReady":true,\
            "address":"10.0.0.5"},"maintenance":%s}""";

    @Test
    void healthzIsOkWarningInMaintenanceAndCriticalOtherwise() throws Exception {
        try (AppDouble app = new AppDouble()) {
            app.answer("/healthz", 200, HEALTHY.formatted(false));
            assertCheck(run("check_speedy_healthz", app.env()), 0, "SPEEDY-HEALTHZ OK - status ok");

            app.answer("/healthz", 200, HEALTHY.formatted(true));
            assertCheck(run("check_speedy_healthz", app.env()), 1, "SPEEDY-HEALTHZ WARNING - maintenance mode is on");

            app.answer("/healthz", 503, """
                    {"status":"unavailable","database":{"reachable":true,"writable":false},"maintenance":false}""");
            assertCheck(run("check_speedy_healthz", app.env()), 2, "SPEEDY-HEALTHZ CRITICAL - ");
        }
        assertCheck(run("check_speedy_healthz", Map.of("SPEEDY_APP_URL", "http://127.0.0.1:1")), 2,
                "SPEEDY-HEALTHZ CRITICAL - http://127.0.0.1:1/healthz does not answer");
    }

    @Test
    void aBalancersPoolIsOkWhenEveryHostInItAnswersAndAHostLongOutOrNoneAnsweringIsNot(@TempDir Path dir)
            throws Exception {
        Path pool = dir.resolve("pool.conf");
        Map<String, String> env = Map.of("SPEEDY_LB_POOL", pool.toString());
        try (AppDouble one = new AppDouble(); AppDouble two = new AppDouble()) {
            one.answer("/healthz", 200, HEALTHY.formatted(false));
            two.answer("/healthz", 200, HEALTHY.formatted(false));
            Files.writeString(pool, "# written by push lb sync\n" + member(one, "app1", false)
                    + member(two, "app2", false));
            Script.Result ok = run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600");
            assertCheck(ok, 0, "SPEEDY-LB-POOL OK - 2 of 2 app hosts in the pool answer /healthz |");
            assertThat(ok.stdout()).endsWith("| 'answering'=2;;;0 'in_pool'=2;;;0 'taken_out'=0;;;0\n");

            two.answer("/healthz", 503, "{\"status\":\"unavailable\"}");
            assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 1,
                    "SPEEDY-LB-POOL WARNING - 1 of 2 app hosts in the pool answer /healthz (not: app2)");
            two.answer("/healthz", 200, "");
            assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 1,
                    "SPEEDY-LB-POOL WARNING - 1 of 2 app hosts in the pool answer /healthz (not: app2)");

            // Taken out by push (a rolling upgrade): fine for a while, then a warning, then critical.
            Files.writeString(pool, member(one, "app1", false) + member(two, "app2", true));
            Script.Result out = run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600");
            assertCheck(out, 0, "SPEEDY-LB-POOL OK - 1 of 1 app hosts in the pool answer /healthz; taken out for ");
            assertThat(out.stdout()).containsPattern("taken out for \\d+s: app2 \\|");
            Files.setLastModifiedTime(pool, FileTime.from(Instant.now().minusSeconds(700)));
            assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 1,
                    "SPEEDY-LB-POOL WARNING - 1 of 1 app hosts in the pool answer /healthz; taken out for 7");
            Files.setLastModifiedTime(pool, FileTime.from(Instant.now().minusSeconds(4000)));
            assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 2,
                    "SPEEDY-LB-POOL CRITICAL - ");

            one.answer("/healthz", 503, "{\"status\":\"unavailable\"}");
            Files.writeString(pool, member(one, "app1", false));
            assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 2,
                    "SPEEDY-LB-POOL CRITICAL - 0 of 1 app hosts in the pool answer /healthz (not: app1)");
        }
        Files.copy(Path.of("..", "hosts", "lb", "src", "deb", "share", "pool-placeholder.conf"), pool,
                StandardCopyOption.REPLACE_EXISTING);
        assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 2,
                "SPEEDY-LB-POOL CRITICAL - no app host in the pool " + pool + ": push lb sync has not run here");
        Files.delete(pool);
        assertCheck(run("check_speedy_lb_pool", env, "-w", "600", "-c", "3600"), 3,
                "SPEEDY-LB-POOL UNKNOWN - cannot read the pool " + pool);
        assertCheck(run("check_speedy_lb_pool", env, "-w", "600"), 3, "SPEEDY-LB-POOL UNKNOWN - thresholds must be");
    }

    /** A pool line as push lb sync writes it (LbPool). */
    private static String member(AppDouble app, String name, boolean out) {
        return "server " + app.env().get("SPEEDY_APP_URL").substring("http://".length()) + " "
                + (out ? "down" : "max_fails=1 fail_timeout=5s") + ";  # " + name + (out ? ": out of the pool" : "")
                + "\n";
    }

    @Test
    void notificationAgeIsComparedWithTheThresholds() throws Exception {
        try (AppDouble app = new AppDouble()) {
            app.metrics(1, 0, 1, 2, AppDouble.notifications(4, 30, 10, 0, 0));
            Script.Result ok = run("check_speedy_notification_age", app.env(), "-w", "60", "-c", "120");
            assertCheck(ok, 0, "SPEEDY-NOTIFICATION-AGE OK - oldest pending notification waiting 30s, 4 pending");
            assertThat(ok.stdout()).endsWith("| 'oldest_pending'=30s;60;120;0 'pending'=4;;;0\n");

            app.metrics(1, 0, 1, 2, AppDouble.notifications(4, 90, 10, 0, 0));
            assertCheck(run("check_speedy_notification_age", app.env(), "-w", "60", "-c", "120"), 1,
                    "SPEEDY-NOTIFICATION-AGE WARNING - ");

            app.metrics(1, 0, 1, 2, AppDouble.notifications(4, 121, 10, 0, 0));
            assertCheck(run("check_speedy_notification_age", app.env(), "-w", "60", "-c", "120"), 2,
                    "SPEEDY-NOTIFICATION-AGE CRITICAL - ");

            app.metrics(1, 0, 1, 2, "null");
            assertCheck(run("check_speedy_notification_age", app.env(), "-w", "60", "-c", "120"), 3,
                    "SPEEDY-NOTIFICATION-AGE UNKNOWN - ");
        }
    }

    @Test
    void badThresholdsAreUnknownAndNameTheUsage() throws Exception {
        assertCheck(run("check_speedy_notification_age", Map.of(), "-w", "600"), 3,
                "SPEEDY-NOTIFICATION-AGE UNKNOWN - thresholds must be whole numbers, got ''");
        assertCheck(run("check_speedy_job", Map.of(), "purge", "-w", "9", "-c", "5"), 3,
                "SPEEDY-JOB-PURGE UNKNOWN - a warning threshold is above its critical one");
        assertCheck(run("check_speedy_job", Map.of(), "../etc", "-w", "1", "-c", "5"), 3,
                "SPEEDY-JOB UNKNOWN - '../etc' is not a job name");
        assertCheck(run("check_speedy_replication_lag", Map.of(), "-w", "1", "-c", "2", "-x"), 3,
                "SPEEDY-REPLICATION-LAG UNKNOWN - unexpected argument '-x'");
    }

    @Test
    void jobAgeComesFromItsLastSuccessStampAndANewHostHasUntilTheWarningTimeForTheFirst(@TempDir Path state)
            throws Exception {
        Map<String, String> env = Map.of("SPEEDY_JOBS_STATE_DIR", state.toString());
        long now = System.currentTimeMillis() / 1000;

        Files.writeString(state.resolve("trending.last-success"), (now - 10) + "\n");
        Script.Result ok = run("check_speedy_job", env, "trending", "-w", "300", "-c", "600");
        assertCheck(ok, 0, "SPEEDY-JOB-TRENDING OK - trending last succeeded 1");
        assertThat(ok.stdout()).containsPattern("\\| 'age'=1[0-2]s;300;600;0\n$");

        Files.writeString(state.resolve("trending.last-success"), String.valueOf(now - 400));
        assertCheck(run("check_speedy_job", env, "trending", "-w", "300", "-c", "600"), 1, "SPEEDY-JOB-TRENDING WARNING - ");

        Files.writeString(state.resolve("trending.last-success"), String.valueOf(now - 700));
        assertCheck(run("check_speedy_job", env, "trending", "-w", "300", "-c", "600"), 2,
                "SPEEDY-JOB-TRENDING CRITICAL - ");

        assertCheck(run("check_speedy_job", env, "purge", "-w", "300", "-c", "600"), 0,
                "SPEEDY-JOB-PURGE OK - purge has not run here yet; due within 300s of " + state + "'s making, ");
        Thread.sleep(1_100);
        assertCheck(run("check_speedy_job", env, "purge", "-w", "0", "-c", "600"), 2,
                "SPEEDY-JOB-PURGE CRITICAL - purge never succeeded here (no " + state + "/purge.last-success; ");
        assertCheck(run("check_speedy_job", Map.of("SPEEDY_JOBS_STATE_DIR", state.resolve("gone").toString()),
                "purge", "-w", "300", "-c", "600"), 2, "SPEEDY-JOB-PURGE CRITICAL - purge never succeeded here (no ");

        Files.writeString(state.resolve("purge.last-success"), "yesterday");
        assertCheck(run("check_speedy_job", env, "purge", "-w", "300", "-c", "600"), 3, "SPEEDY-JOB-PURGE UNKNOWN - ");
    }

    @Test
    void backupChecksReadSpeedyBackupsReportAndAnUnansweredLagIsCritical(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String healthy = String.join("\n", "now=" + now,
                "backup=20261202T071503|DONE|1|" + java.time.Instant.ofEpochSecond(now - 7200)
                        + "|000000010000000000000002",
                "lag=streaming|4096|0.01", "dump=20261202T023000Z|" + (now - 40 * 3600),
                "drill=" + (now - 10 * 86400) + "|passed", "end", "");
        Path facts = Files.writeString(dir.resolve("facts"), healthy);
        Map<String, String> env = Map.of("SPEEDY_BACKUP_FACTS", "cat " + facts);

        Script.Result lag = run("check_speedy_backup", env, "wal-lag", "-w", "16777216", "-c", "134217728");
        assertCheck(lag, 0, "SPEEDY-BACKUP-WAL-LAG OK - Barman streams, 4096 bytes behind the primary");
        assertCheck(run("check_speedy_backup", env, "backup-age", "-w", "36", "-c", "50"), 0,
                "SPEEDY-BACKUP-BACKUP-AGE OK - the newest base backup is 2h old");
        assertCheck(run("check_speedy_backup", env, "dump-age", "-w", "36", "-c", "50"), 1,
                "SPEEDY-BACKUP-DUMP-AGE WARNING - the newest dump, 20261202T023000Z, is 40h old");
        assertCheck(run("check_speedy_backup", env, "drill-age", "-w", "8", "-c", "16"), 1,
                "SPEEDY-BACKUP-DRILL-AGE WARNING - the last drill (passed) is 10d old");

        Files.writeString(facts, healthy.replace("lag=streaming|4096|0.01", "lag_error=connection refused")
                .replace("|passed", "|FAILED"));
        assertCheck(run("check_speedy_backup", env, "wal-lag", "-w", "1", "-c", "2"), 2,
                "SPEEDY-BACKUP-WAL-LAG CRITICAL - the primary (through db) does not answer: connection refused");
        assertCheck(run("check_speedy_backup", env, "drill-age", "-w", "8", "-c", "16"), 2,
                "SPEEDY-BACKUP-DRILL-AGE CRITICAL - the last drill FAILED");

        Files.writeString(facts, healthy.replace("lag=streaming|4096|0.01\n", "lag=\n").replace("end\n", ""));
        assertCheck(run("check_speedy_backup", env, "wal-lag", "-w", "1", "-c", "2"), 3,
                "SPEEDY-BACKUP-WAL-LAG UNKNOWN - speedy-backup-facts gave no whole answer");
        Files.writeString(facts, "now=" + now + "\nlag=\nend\n");
        assertCheck(run("check_speedy_backup", env, "wal-lag", "-w", "1", "-c", "2"), 2,
                "SPEEDY-BACKUP-WAL-LAG CRITICAL - Barman receives no WAL from the primary (not connected)");
        assertCheck(run("check_speedy_backup", env, "backup-age", "-w", "1", "-c", "2"), 2,
                "SPEEDY-BACKUP-BACKUP-AGE CRITICAL - no complete base backup");
    }

    @Test
    void theOffSiteCheckReadsTheQueueAndIsCriticalWhenASendOrACheckOfTheStorageFailed(@TempDir Path dir)
            throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String waiting = String.join("\n", "now=" + now, "offsite=3|1|" + (now - 90 * 60),
                "offsite_send=" + (now - 30) + "|ok|sent 2 queued item(s)",
                "offsite_check=" + (now - 3600) + "|ok|base backup 20261202T071503, 9 WAL file(s)", "end", "");
        Path facts = Files.writeString(dir.resolve("facts"), waiting);
        Map<String, String> env = Map.of("SPEEDY_BACKUP_FACTS", "cat " + facts);

        assertCheck(run("check_speedy_backup", env, "offsite", "-w", "60", "-c", "240"), 1,
                "SPEEDY-BACKUP-OFFSITE WARNING - the oldest of 3 WAL file(s) and 1 base backup(s) waiting to go"
                        + " off-site is 90min old");
        Files.writeString(facts, waiting.replace("offsite=3|1|" + (now - 90 * 60), "offsite=0|0|0"));
        assertCheck(run("check_speedy_backup", env, "offsite", "-w", "60", "-c", "240"), 0,
                "SPEEDY-BACKUP-OFFSITE OK - nothing waits to go off-site");
        Files.writeString(facts, waiting.replace("|ok|sent 2 queued item(s)", "|FAILED|cannot reach bucket b"));
        assertCheck(run("check_speedy_backup", env, "offsite", "-w", "60", "-c", "240"), 2,
                "SPEEDY-BACKUP-OFFSITE CRITICAL - the last send FAILED: cannot reach bucket b");
        Files.writeString(facts, waiting.replace("|ok|base backup 20261202T071503, 9 WAL file(s)",
                "|FAILED|b/wal/000000010000000000000006.age does not match"));
        assertCheck(run("check_speedy_backup", env, "offsite", "-w", "60", "-c", "240"), 2,
                "SPEEDY-BACKUP-OFFSITE CRITICAL - the last check of the storage's copy FAILED: b/wal/");
        Files.writeString(facts, "now=" + now + "\nend\n");
        assertCheck(run("check_speedy_backup", env, "offsite", "-w", "60", "-c", "240"), 1,
                "SPEEDY-BACKUP-OFFSITE WARNING - nothing goes off-site: backup.s3 is not set");
    }

    @Test
    void unitsAreOkOnlyWhenAllAreActive(@TempDir Path bin) throws Exception {
        FakeCommand.write(bin, "systemctl", """
                case "$2" in
                    speedy-notifier.service | *.timer) echo active ;;
                    *) echo failed; exit 3 ;;
                esac""");
        Map<String, String> env = FakeCommand.path(bin);

        Script.Result ok = run("check_speedy_unit", env, "speedy-jobs-purge.timer", "speedy-jobs-trending.timer");
        assertCheck(ok, 0, "SPEEDY-UNIT OK - active: speedy-jobs-purge.timer speedy-jobs-trending.timer");
        assertCheck(run("check_speedy_unit", env, "speedy-notifier.service", "speedy-app.service"), 2,
                "SPEEDY-UNIT CRITICAL - not active: speedy-app.service failed");
        assertCheck(run("check_speedy_unit", env), 3, "SPEEDY-UNIT UNKNOWN - no unit named");
    }

    @Test
    void dbAliasMustResolveToTheAddressTheDeployToolWrote(@TempDir Path etc) throws Exception {
        Path file = etc.resolve("db-address");
        Map<String, String> env = Map.of("SPEEDY_DB_ALIAS", "localhost", "SPEEDY_DB_ADDRESS_FILE", file.toString());
        // what this machine's resolver answers, asked as the check asks it
        String localhost = LocalCommand.of("getent", "ahosts", "localhost").run().orThrow().stdoutText().lines()
                .findFirst().orElseThrow().split("\\s+")[0];

        assertCheck(run("check_speedy_db_alias", env), 3, "SPEEDY-DB-ALIAS UNKNOWN - " + file + " is missing");

        Files.writeString(file, localhost + "\n");
        assertCheck(run("check_speedy_db_alias", env), 0, "SPEEDY-DB-ALIAS OK - localhost resolves to " + localhost);

        Files.writeString(file, "192.0.2.7\n");
        assertCheck(run("check_speedy_db_alias", env), 2,
                "SPEEDY-DB-ALIAS CRITICAL - localhost resolves to " + localhost + ", expected 192.0.2.7");

        Map<String, String> unresolvable = new HashMap<>(env);
        unresolvable.put("SPEEDY_DB_ALIAS", "no-such-host.invalid");
        assertCheck(run("check_speedy_db_alias", unresolvable), 2, "SPEEDY-DB-ALIAS CRITICAL - no-such-host.invalid does not resolve");
    }

    @Test
    void replicationLagOnAPrimaryWithoutStandbysWarns() throws Exception {
        Script.Result lag = run("check_speedy_replication_lag", LocalPostgres.env(), "-w", "1000", "-c", "2000");

        assertCheck(lag, 1, "SPEEDY-REPLICATION-LAG WARNING - primary without a streaming standby");
        assertCheck(run("check_speedy_replication_lag", Map.of("PGHOST", "127.0.0.1", "PGPORT", "1"), "-w", "1", "-c", "2"),
                2, "SPEEDY-REPLICATION-LAG CRITICAL - PostgreSQL does not answer here");
    }

    @Test
    void postgresIsOkWhenItAnswersAndTheAppsRoleMayLogInToItsDatabaseElseCritical() throws Exception {
        Map<String, String> app = new HashMap<>(LocalPostgres.env());
        app.putAll(Map.of("SPEEDY_DB_ROLE", "speedy_test", "SPEEDY_DB_NAME", "postgres"));
        Script.Result ok = run("check_speedy_postgres", app);
        assertCheck(ok, 0, "SPEEDY-POSTGRES OK - primary up; speedy_test may log in to postgres; ");
        assertThat(ok.stdout()).containsPattern("\\| 'connections'=\\d+;;;0;\\d+");

        app.put("SPEEDY_DB_ROLE", "no_such_role");
        assertCheck(run("check_speedy_postgres", app), 2,
                "SPEEDY-POSTGRES CRITICAL - primary up, but role no_such_role does not exist");
        app.putAll(Map.of("SPEEDY_DB_ROLE", "speedy_test", "SPEEDY_DB_NAME", "no'such"));
        assertCheck(run("check_speedy_postgres", app), 2,
                "SPEEDY-POSTGRES CRITICAL - primary up, but database no'such does not exist");
        app.putAll(Map.of("SPEEDY_DB_NAME", "template0"));
        assertCheck(run("check_speedy_postgres", app), 2,
                "SPEEDY-POSTGRES CRITICAL - primary up, but database template0 takes no connections");
        assertCheck(run("check_speedy_postgres", Map.of("PGHOST", "127.0.0.1", "PGPORT", "1")), 2,
                "SPEEDY-POSTGRES CRITICAL - PostgreSQL does not answer here");
    }

    private static Script.Result run(String check, Map<String, String> env, String... args) throws Exception {
        return Script.run(Script.nagios(check), env, args);
    }

    /** The exit code, one line starting as expected, and perfdata (if any) in Nagios's format. */
    private static void assertCheck(Script.Result result, int exitCode, String start) {
        assertThat(result.lines()).as("output").hasSize(1);
        assertThat(result.stdout()).startsWith(start);
        assertThat(result.exitCode()).as("exit code of: %s", result.stdout()).isEqualTo(exitCode);
        String line = result.lines().get(0);
        if (line.contains(" | ")) {
            for (String item : line.substring(line.indexOf(" | ") + 3).split(" (?=')")) {
                Matcher perfdata = PERFDATA.matcher(item);
                assertThat(perfdata.matches()).as("perfdata %s", item).isTrue();
            }
        }
    }
}
