package com.speedy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The conffiles: the NRPE commands, the sudoers drop-in, the Munin plugin configuration. */
class PackageConfigTest {
    private static final Pattern COMMAND = Pattern.compile("command\\[(\\w+)]=(\\S+)(.*)");

    @Test
    void nrpeDefinesEveryCommandWithFixedArgumentsAndShippedScripts() throws Exception {
        List<String> lines = Files.readAllLines(Script.DEB.resolve("conf/nrpe.cfg")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();

        assertThat(lines).extracting(l -> l.substring(l.indexOf('[') + 1, l.indexOf(']'))).containsExactly(
                "check_speedy_healthz", "check_speedy_notifier", "check_speedy_jobs_timers",
                "check_speedy_notification_age", "check_speedy_job_purge", "check_speedy_job_trending",
                "check_speedy_postgres", "check_speedy_replication_lag", "check_speedy_db_alias",
                "check_speedy_lb_pool", "check_disk",
                "check_load",
                "check_speedy_backup_wal_lag", "check_speedy_backup_age", "check_speedy_dump_age",
                "check_speedy_drill_age", "check_speedy_backup_offsite");
        for (String line : lines) {
            Matcher command = COMMAND.matcher(line);
            assertThat(command.matches()).as(line).isTrue();
            assertThat(line).as("no argument from the network").doesNotContain("$ARG");
            String script = command.group(2).equals("/usr/bin/sudo")
                    ? command.group(3).trim().split(" ")[3] : command.group(2);
            if (script.startsWith("/usr/lib/speedy-monitoring/nagios/")) {
                Path source = Script.nagios(script.substring(script.lastIndexOf('/') + 1));
                assertThat(source).as(line).isExecutable();
            } else {
                assertThat(script).startsWith("/usr/lib/nagios/plugins/check_");
            }
        }
    }

    @Test
    void sudoersAllowsNagiosTwoScriptsAsPostgresOneAsBarmanAndVisudoAcceptsIt() throws Exception {
        Path sudoers = Script.DEB.resolve("conf/sudoers");
        List<String> rules = Files.readAllLines(sudoers).stream().filter(l -> !l.startsWith("#")).toList();

        assertThat(rules).containsExactly(
                "nagios ALL = (postgres) NOPASSWD: /usr/lib/speedy-monitoring/nagios/check_speedy_replication_lag, \\",
                "    /usr/lib/speedy-monitoring/nagios/check_speedy_postgres",
                "nagios ALL = (barman) NOPASSWD: /usr/lib/speedy-backup/speedy-backup-facts");
        ProcessResult visudo = LocalCommand.of("visudo", "-cf", sudoers.toString()).withStderrMerged().run();
        assertThat(visudo.exitStatus()).as(visudo.stdoutText()).isZero();
        assertThat(Files.readString(Script.DEB.resolve("conf/nrpe.cfg"))).contains(
                "command[check_speedy_replication_lag]=/usr/bin/sudo -n -u postgres "
                        + "/usr/lib/speedy-monitoring/nagios/check_speedy_replication_lag ",
                "command[check_speedy_postgres]=/usr/bin/sudo -n -u postgres "
                        + "/usr/lib/speedy-monitoring/nagios/check_speedy_postgres\n");
    }

    @Test
    void muninRunsThePostgresPluginsAsPostgres() throws Exception {
        assertThat(Files.readString(Script.DEB.resolve("conf/munin-plugin-conf"))).contains("[speedy_pg_*]\nuser postgres\n");
    }
}
