package com.speedy.push.backup;

import com.speedy.push.db.Cluster;
import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host jobs of {@code push backup setup}: what is asked of the backup host before any change, the database hosts'
 * pg_hba entries, the roles on the primary, and the backup host's files, units and first base backup.
 */
public final class BackupJobs {
    static final String PACKAGE = "speedy-backup";
    private static final String POSTGRES = "postgres:postgres";
    private static final String BARMAN = "barman:barman";

    private BackupJobs() {}

    /**
     * What setup needs to know of the backup host, changing nothing.
     *
     * @param packageVersion speedy-backup's installed version, empty when it is not installed
     * @param passwords the passwords barman's .pgpass already holds for push's two roles (a re-run keeps them)
     * @param backups how many base backups Barman holds (-1 when it cannot tell: not set up yet)
     * @param problem why the host could not be asked ("" when it was)
     */
    public record BackupHostFacts(Host host, Optional<String> packageVersion, Map<String, String> passwords,
                                  int backups, String problem) {
        public BackupHostFacts {
            passwords = Map.copyOf(passwords);
        }

        static BackupHostFacts failed(Host host, String why) {
            return new BackupHostFacts(host, Optional.empty(), Map.of(), -1, why);
        }
    }

    public static Rollout.HostJob<BackupHostFacts> inspectBackupHost() {
        return steps -> {
            CommandResult status = steps.run(List.of("dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Version}",
                    PACKAGE));
            String[] fields = status.stdoutText().strip().split("\\s+");
            Optional<String> version = status.exitStatus() == 0 && fields.length == 2 && fields[0].equals("ii")
                    ? Optional.of(fields[1]) : Optional.empty();
            CommandResult pgpass = steps.runWithheld(RootScript.CAT_IF_EXISTS.argv(BackupFiles.PGPASS));
            if (pgpass.exitStatus() != 0) {
                throw new IOException("reading " + BackupFiles.PGPASS + " failed");
            }
            int backups = -1;
            if (version.isPresent()) {
                CommandResult list = steps.run(Barman.asBarman("barman", "list-backups", "--minimal",
                        BackupFiles.SERVER));
                if (list.exitStatus() == 0) {
                    backups = (int) list.stdoutText().lines().filter(l -> !l.isBlank()).count();
                }
            }
            return new BackupHostFacts(steps.host(), version, BackupFiles.passwordsIn(pgpass.stdoutText()), backups,
                    "");
        };
    }

    /** Where {@link #probeStorage} puts the settings it tries: root's only, and removed again before it returns. */
    private static final String PROBE_DIR = "/run/speedy-backup-probe";

    /**
     * Whether the object storage answers the backup host and takes the credentials, asked before setup changes
     * anything: {@code speedy-backup-offsite probe} (read only) with the settings setup would write, kept in a folder
     * of {@code /run} for the length of the probe. Returns "" when it does, else why not.
     */
    public static Rollout.HostJob<String> probeStorage(String settings, String credentials, String recipients) {
        return steps -> {
            steps.check(RootScript.NEW_PRIVATE_FOLDER.argv(PROBE_DIR),
                    "making " + PROBE_DIR);
            try {
                steps.upload(credentials.getBytes(StandardCharsets.UTF_8), PROBE_DIR + "/s3-credentials", "0600");
                steps.upload(recipients.getBytes(StandardCharsets.UTF_8), PROBE_DIR + "/recipients", "0600");
                steps.upload((settings + "S3_CREDENTIALS=" + PROBE_DIR + "/s3-credentials\nAGE_RECIPIENTS=" + PROBE_DIR
                        + "/recipients\n").getBytes(StandardCharsets.UTF_8), PROBE_DIR + "/backup.conf", "0600");
                CommandResult probe = steps.run(RootScript.PROBE_OFFSITE.argv(PROBE_DIR + "/backup.conf"));
                return probe.exitStatus() == 0 ? "" : lastWords(probe);
            } finally {
                steps.run(List.of("rm", "-rf", "--", PROBE_DIR));
            }
        };
    }

    /**
     * The off-site copy read back and compared with what was sent ({@code speedy-backup-offsite check}, as barman): the
     * newest dump, base backup and the WAL after it. Fails naming what is damaged or missing.
     */
    public static Rollout.HostJob<HostResult> checkOffSite() {
        return steps -> {
            steps.progress("reading back the off-site copy (speedy-backup-offsite check)");
            CommandResult check = steps.run(Barman.asBarman(BackupFiles.OFFSITE, "check"));
            if (check.exitStatus() != 0) {
                throw new IOException("the off-site copy: " + lastWords(check));
            }
            return result(steps, HostResult.Outcome.OK, check.stdoutText().strip().lines().reduce((a, b) -> b)
                    .orElse("checked"));
        };
    }

    /** The last line a speedy-backup script said on stderr, without its name. */
    private static String lastWords(CommandResult result) {
        return result.stderrText().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                .map(l -> l.replaceFirst("^speedy-backup-offsite: ", "")).orElse("exit status " + result.exitStatus());
    }

    /** pg_hba.conf on a database host (running or not) with push's backup entries; reloaded when it changed. */
    public static Rollout.HostJob<HostResult> allowBackupHost(String backupAddress) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            String hbaFile = cluster.confDir() + "/pg_hba.conf";
            String hba = steps.check(List.of("cat", hbaFile), "reading " + hbaFile).stdoutText();
            String wanted = BackupAccess.withBackupEntries(hba, backupAddress);
            if (wanted.equals(hba)) {
                return result(steps, HostResult.Outcome.OK, "pg_hba.conf lets the backup host in already");
            }
            steps.progress("letting " + backupAddress + " in: pg_hba.conf");
            steps.upload(wanted.getBytes(StandardCharsets.UTF_8), hbaFile, "0640", POSTGRES);
            if (cluster.online()) {
                steps.check(List.of("systemctl", "reload", cluster.unit()), "reloading " + cluster.unit());
            }
            return result(steps, HostResult.Outcome.CHANGED, "pg_hba.conf lets " + backupAddress + " in"
                    + (cluster.online() ? " (reloaded)" : " (read when the cluster starts)"));
        };
    }

    /** Barman's roles on the primary, from {@link BackupAccess#rolesSql}, sent on stdin (never on a command line). */
    public static Rollout.HostJob<HostResult> createRoles(String sql) {
        return steps -> {
            steps.progress("roles " + BackupFiles.ROLE + " and " + BackupFiles.STREAMING_ROLE);
            CommandResult applied = steps.run(Cluster.psql(), sql.getBytes(StandardCharsets.UTF_8));
            if (applied.exitStatus() != 0) {
                throw new IOException("making Barman's roles failed: " + applied.stderrText().strip());
            }
            return result(steps, HostResult.Outcome.CHANGED, "roles " + BackupFiles.ROLE + " and "
                    + BackupFiles.STREAMING_ROLE + " ready");
        };
    }

    /**
     * The backup host's files (each written whole, with its owner and mode, in one step), its units enabled and
     * started, and, when Barman holds no base backup yet, a first one (after a WAL file is archived, which Barman's
     * check asks for).
     *
     * @param files path to content of the root-owned, world-readable files (no secret in any)
     * @param secrets path to content of barman's files that hold a secret (mode 0600)
     * @param units the units to enable and start
     * @param firstBackup whether to take a base backup now (Barman holds none)
     */
    public static Rollout.HostJob<HostResult> configureBackupHost(Map<String, String> files,
            Map<String, String> secrets, List<String> units, boolean firstBackup) {
        return steps -> {
            steps.progress("writing " + String.join(", ", files.keySet()));
            steps.check(List.of("mkdir", "-p", "/etc/speedy-backup", "/etc/barman.d"), "mkdir");
            for (Map.Entry<String, String> file : files.entrySet()) {
                steps.upload(file.getValue().getBytes(StandardCharsets.UTF_8), file.getKey(), "0644");
            }
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                steps.upload(secret.getValue().getBytes(StandardCharsets.UTF_8), secret.getKey(), "0600", BARMAN);
            }
            steps.progress("enabling " + String.join(", ", units));
            List<String> enable = new ArrayList<>(List.of("systemctl", "enable", "--now", "--quiet"));
            enable.addAll(units);
            steps.check(enable, "enabling " + String.join(", ", units));
            // The new conninfo or passwords, read when pg_receivewal starts again.
            steps.check(List.of("systemctl", "restart", "speedy-backup-receive-wal.service"),
                    "restarting speedy-backup-receive-wal");
            List<String> did = new ArrayList<>(List.of("Barman set up, " + units.size() + " units enabled"));
            // pg_receivewal starts at the primary's current segment: a switch before it streams would close a
            // segment it never gets, and Barman would wait for it in vain. The slot active says it streams.
            steps.progress("waiting until Barman streams WAL from the primary");
            awaitStreaming(steps, Duration.ofSeconds(90));
            if (firstBackup) {
                steps.progress("archiving a first WAL file (barman switch-wal), then the first base backup");
                // Without --force, which Barman 3.4 allows a superuser only (a CHECKPOINT): the roles' ALTER ROLE
                // just wrote WAL, so the segment has something to switch.
                Barman.check(steps, "barman switch-wal --archive", "switch-wal", "--archive", "--archive-timeout",
                        "120", BackupFiles.SERVER);
                Barman.check(steps, "the first base backup (barman backup --wait)", "backup", "--wait",
                        "--wait-timeout", "600", BackupFiles.SERVER);
                did.add("first base backup taken");
            }
            List<String> failed = Barman.failedChecks(steps.run(Barman.asBarman("barman", "check", BackupFiles.SERVER))
                    .stdoutText().lines().toList());
            if (!failed.isEmpty()) {
                throw new IOException("barman check " + BackupFiles.SERVER + ": " + String.join("; ", failed));
            }
            return result(steps, HostResult.Outcome.CHANGED, String.join("; ", did));
        };
    }

    /**
     * {@code push backup now}: a base backup (Barman's own lock keeps it from running beside the nightly one) and, with
     * {@code dump}, the dump job through its unit (so that it runs as the timer runs it, and never twice at once).
     */
    public static Rollout.HostJob<HostResult> now(boolean dump) {
        return steps -> {
            if (steps.run(List.of("test", "-f", BackupFiles.BARMAN_CONF)).exitStatus() != 0) {
                throw new IOException(BackupFiles.BARMAN_CONF + " is missing: run push backup setup first");
            }
            steps.progress("base backup (barman backup --wait)");
            Barman.check(steps, "barman backup", "backup", "--wait", "--wait-timeout", "600", BackupFiles.SERVER);
            String newest = steps.check(Barman.asBarman("barman", "list-backups", "--minimal", BackupFiles.SERVER),
                    "barman list-backups").stdoutText().lines().findFirst().orElse("?").strip();
            List<String> did = new ArrayList<>(List.of("base backup " + newest));
            if (dump) {
                steps.progress("dump (speedy-backup-dump.service)");
                CommandResult ran = steps.run(List.of("systemctl", "start", "speedy-backup-dump.service"));
                if (ran.exitStatus() != 0) {
                    String journal = steps.run(List.of("journalctl", "-u", "speedy-backup-dump.service", "-n", "3",
                            "-o", "cat", "--no-pager")).stdoutText().strip();
                    throw new IOException("the dump failed: " + journal.lines().reduce((a, b) -> b).orElse(""));
                }
                did.add("dump " + steps.check(RootScript.NEWEST_DUMP.argv(BackupFiles.DUMP_DIR), "listing the dumps")
                        .stdoutText().strip());
            }
            return result(steps, HostResult.Outcome.CHANGED, String.join("; ", did));
        };
    }

    /** Barman's checks of the stream, asked again until both pass or {@code timeout} passed. */
    private static void awaitStreaming(HostSteps steps, Duration timeout)
            throws IOException, SshException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> streaming = List.of();
        while (Instant.now().isBefore(deadline)) {
            String check = steps.run(Barman.asBarman("barman", "check", BackupFiles.SERVER)).stdoutText();
            streaming = check.lines().map(String::strip).filter(l -> l.startsWith("receive-wal running:")
                    || l.startsWith("replication slot:")).toList();
            if (streaming.size() == 2 && streaming.stream().allMatch(l -> l.contains(": OK"))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IOException("Barman does not stream WAL from the primary after " + timeout.toSeconds() + " s ("
                + String.join("; ", streaming) + "); see journalctl -u speedy-backup-receive-wal and"
                + " /var/log/barman/barman.log");
    }

    private static HostResult result(HostSteps steps, HostResult.Outcome outcome, String detail) {
        return new HostResult(steps.host(), outcome, detail, List.of(), steps.logFile());
    }
}
