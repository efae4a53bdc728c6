package com.speedy.push.backup;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code push backup status}: what the backup host holds and receives, read on it in one command, and the verdict. A
 * fact that could not be read (the primary did not answer the lag query, a listing failed) is a problem, never "fine".
 *
 * @param backups the base backups Barman holds, oldest first
 * @param checks {@code barman check}'s lines, e.g. {@code receive-wal running: OK}
 * @param obsolete the backups Barman's retention will delete at its next cron run
 * @param partialWal the WAL file pg_receivewal is writing, and when it last wrote to it
 * @param walLag how far the WAL received is behind the primary, or why that is not known
 * @param lastDump the newest complete dump's stamp and time
 * @param lastDrill when push backup drill last ran on these backups; {@code drillPassed} whether it passed
 * @param barmanBytes space Barman's backups and WAL use; {@code dumpBytes} the dumps'; {@code freeBytes} free there
 * @param walGaps WAL files missing between the oldest base backup's first and the newest received ({@link WalSegments})
 * @param offSite the off-site copy, where object storage is set
 */
public record BackupStatus(Host host, Instant now, List<RestoreJobs.BaseBackup> backups, List<String> checks,
                           List<String> obsolete, Optional<String> partialWal, Optional<Instant> lastWalWrite,
                           WalLag walLag, Optional<String> lastDump, Optional<Instant> lastDumpTime,
                           Optional<Instant> lastDrill, boolean drillPassed, long barmanBytes, long dumpBytes,
                           long freeBytes, List<String> walGaps, Optional<OffSite> offSite, String error) {
    /** Older than this, the newest base backup or dump is a problem: Barman's own last_backup_maximum_age. */
    public static final Duration MAX_AGE = Duration.ofDays(2);
    /** Longer than this in the queue of the off-site copy (sent every minute), an item is a problem. */
    public static final Duration MAX_OFFSITE_WAIT = Duration.ofHours(1);

    public BackupStatus {
        backups = List.copyOf(backups);
        checks = List.copyOf(checks);
        obsolete = List.copyOf(obsolete);
        walGaps = List.copyOf(walGaps);
    }

    /**
     * The primary's view of Barman's WAL stream.
     *
     * @param state pg_stat_replication's state ({@code streaming}), empty when Barman does not stream
     * @param bytes how far the primary's current WAL position is ahead of what it sent down Barman's stream
     *     (pg_receivewal reports what it wrote only every 10 s, which would read as a lag where there is none)
     * @param seconds the primary's write_lag (0 when idle)
     * @param error why the primary could not be asked ("" when it was)
     */
    public record WalLag(String state, long bytes, double seconds, String error) {}

    /**
     * The off-site copy: what waits to be sent (Barman's hooks queue each WAL file and base backup), and how the last
     * send and the last check of the storage's copy (speedy-backup-offsite check, daily and in a drill) ended.
     */
    public record OffSite(int queuedWal, int queuedBase, Optional<Instant> oldestQueued, Optional<Run> lastSend,
                          Optional<Run> lastCheck) {}

    /** How a run of speedy-backup-offsite ended: when, whether it did its work, and what it did or why it failed. */
    public record Run(Instant at, boolean ok, String text) {
        static Optional<Run> parse(String value) {
            String[] f = value.split("\\|", 3);
            if (f.length < 3 || !f[0].matches("[0-9]{1,12}")) {
                return Optional.of(new Run(Instant.EPOCH, false, "unreadable: " + value));
            }
            return Optional.of(new Run(Instant.ofEpochSecond(Long.parseLong(f[0])), f[1].equals("ok"), f[2].strip()));
        }
    }

    public static BackupStatus unanswered(Host host, String why) {
        return new BackupStatus(host, Instant.now(), List.of(), List.of(), List.of(), Optional.empty(),
                Optional.empty(), new WalLag("", 0, 0, why), Optional.empty(), Optional.empty(), Optional.empty(),
                false, 0, 0, 0, List.of(), Optional.empty(), why);
    }

    public boolean answered() {
        return error.isEmpty();
    }

    public Optional<RestoreJobs.BaseBackup> lastBackup() {
        return backups.stream().filter(RestoreJobs.BaseBackup::done).reduce((a, b) -> b);
    }

    /** What is wrong, in words; empty when the backups are healthy. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!answered()) {
            problems.add(host.name() + " could not be asked: " + error);
            return problems;
        }
        Optional<RestoreJobs.BaseBackup> last = lastBackup();
        if (last.isEmpty()) {
            problems.add("no complete base backup (push backup now takes one)");
        } else if (age(last.get().end().orElseThrow()).compareTo(MAX_AGE) > 0) {
            problems.add("the newest base backup, " + last.get().id() + ", is " + hours(last.get().end().orElseThrow())
                    + " h old");
        }
        if (!walLag.error().isEmpty()) {
            problems.add("WAL lag unknown: the primary (through db) did not answer: " + walLag.error());
        } else if (!walLag.state().equals("streaming")) {
            problems.add("Barman receives no WAL from the primary (" + (walLag.state().isEmpty() ? "not connected"
                    : walLag.state()) + "; see journalctl -u speedy-backup-receive-wal)");
        }
        walGaps.forEach(gap -> problems.add("WAL missing from Barman's archive: " + gap + "; no restore can replay"
                + " past it (push backup now starts an unbroken chain from a new base backup)"));
        Barman.failedChecks(checks).forEach(check -> problems.add("barman check: " + check));
        lastDrill.filter(t -> !drillPassed).ifPresent(t -> problems.add("the last drill, " + hours(t) + " h ago,"
                + " FAILED: its restored copy differed from the primary (see push backup drill)"));
        lastDumpTime.filter(t -> age(t).compareTo(MAX_AGE) > 0).ifPresent(t -> problems.add("the newest dump, "
                + lastDump.orElseThrow() + ", is " + hours(t) + " h old"));
        offSite.ifPresent(copy -> problems.addAll(offSiteProblems(copy)));
        return problems;
    }

    private List<String> offSiteProblems(OffSite copy) {
        List<String> problems = new ArrayList<>();
        copy.lastSend().filter(run -> !run.ok()).ifPresent(run -> problems.add("the off-site copy's last send, "
                + minutes(run.at()) + " min ago, FAILED: " + run.text() + " (" + copy.queuedWal() + " WAL file(s) and "
                + copy.queuedBase() + " base backup(s) wait; journalctl -u speedy-backup-offsite)"));
        copy.oldestQueued().filter(t -> age(t).compareTo(MAX_OFFSITE_WAIT) > 0).ifPresent(t -> problems.add(
                (copy.queuedWal() + copy.queuedBase()) + " item(s) wait to go off-site, the oldest for " + minutes(t)
                + " min"));
        copy.lastCheck().ifPresent(run -> {
            if (!run.ok()) {
                problems.add("the off-site copy FAILED its check " + hours(run.at()) + " h ago: " + run.text());
            } else if (age(run.at()).compareTo(MAX_AGE) > 0) {
                problems.add("the off-site copy was last checked " + hours(run.at()) + " h ago (the daily"
                        + " speedy-backup-offsite-check.timer; push backup drill checks it too)");
            }
        });
        return problems;
    }

    private long minutes(Instant then) {
        return age(then).toMinutes();
    }

    private Duration age(Instant then) {
        return Duration.between(then, now);
    }

    private long hours(Instant then) {
        return age(then).toHours();
    }

    /** speedy-backup's own report of the backup host, which speedy-monitoring's checks read too. */
    static final String FACTS = "/usr/lib/speedy-backup/speedy-backup-facts";

    /** The job: one read-only command on the backup host, as barman. */
    public static Rollout.HostJob<BackupStatus> job() {
        return steps -> {
            CommandResult result = steps.run(Barman.asBarman(FACTS, "--wals"));
            if (result.exitStatus() != 0 || !result.stdoutText().endsWith("end\n")) {
                throw new IOException(FACTS + " failed (exit " + result.exitStatus() + "): " + result.stderrText()
                        .strip() + " (is speedy-backup installed and current?)");
            }
            return parse(steps.host(), result.stdoutText());
        };
    }

    static BackupStatus parse(Host host, String output) {
        Instant now = Instant.now();
        List<String> backupLines = new ArrayList<>();
        List<String> wals = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        List<String> obsolete = new ArrayList<>();
        Optional<String> partial = Optional.empty();
        Optional<Instant> partialTime = Optional.empty();
        WalLag lag = new WalLag("", 0, 0, "");
        Optional<String> dump = Optional.empty();
        Optional<Instant> dumpTime = Optional.empty();
        Optional<Instant> drill = Optional.empty();
        boolean drillPassed = false;
        long barmanBytes = 0;
        long dumpBytes = 0;
        long free = 0;
        Optional<OffSite> offSite = Optional.empty();
        Optional<Run> lastSend = Optional.empty();
        Optional<Run> lastCheck = Optional.empty();
        for (String line : output.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            String[] f = value.split("\\|", -1);
            switch (key) {
                case "now" -> now = Instant.ofEpochSecond(number(value));
                case "backup" -> backupLines.add(value);
                case "wal" -> wals.add(value.strip());
                case "check" -> checks.add(value.strip());
                case "obsolete" -> obsolete.add(value.strip());
                case "partial" -> {
                    partial = Optional.of(f[0]);
                    partialTime = f.length > 1 ? Optional.of(Instant.ofEpochSecond(number(f[1]))) : Optional.empty();
                }
                case "lag" -> lag = value.isBlank() ? new WalLag("", 0, 0, "") : f.length == 3
                        ? new WalLag(f[0], number(f[1]), Double.parseDouble(f[2]), "")
                        : new WalLag("", 0, 0, "unexpected answer: " + value);
                case "lag_error" -> lag = new WalLag("", 0, 0, value.isBlank() ? "psql failed" : value.strip());
                case "dump" -> {
                    dump = Optional.of(f[0]);
                    dumpTime = f.length > 1 ? Optional.of(Instant.ofEpochSecond(number(f[1]))) : Optional.empty();
                }
                case "drill" -> {
                    drill = Optional.of(Instant.ofEpochSecond(number(f[0])));
                    drillPassed = f.length > 1 && f[1].equals("passed");
                }
                case "barman_bytes" -> barmanBytes = number(value);
                case "dump_bytes" -> dumpBytes = number(value);
                case "free_bytes" -> free = number(value);
                case "offsite" -> offSite = Optional.of(new OffSite((int) number(f[0]),
                        f.length > 1 ? (int) number(f[1]) : 0, Optional.of(f.length > 2 ? number(f[2]) : 0L)
                        .filter(t -> t > 0).map(Instant::ofEpochSecond), Optional.empty(), Optional.empty()));
                case "offsite_send" -> lastSend = Run.parse(value);
                case "offsite_check" -> lastCheck = Run.parse(value);
                default -> { }
            }
        }
        List<RestoreJobs.BaseBackup> backups = BarmanInfo.backups(String.join("\n", backupLines));
        List<String> gaps = backups.stream().filter(RestoreJobs.BaseBackup::done).findFirst()
                .map(oldest -> WalSegments.gaps(oldest.beginWal(), wals)).orElse(List.of());
        Optional<Run> send = lastSend;
        Optional<Run> check = lastCheck;
        offSite = offSite.map(o -> new OffSite(o.queuedWal(), o.queuedBase(), o.oldestQueued(), send, check));
        return new BackupStatus(host, now, backups, checks, obsolete, partial, partialTime, lag, dump, dumpTime, drill,
                drillPassed, barmanBytes, dumpBytes, free, gaps, offSite, "");
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
