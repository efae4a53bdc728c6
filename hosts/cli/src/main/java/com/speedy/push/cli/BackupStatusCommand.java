package com.speedy.push.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.backup.BackupStatus;
import com.speedy.push.backup.BackupTopology;
import com.speedy.push.backup.RestoreJobs;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"What the backup host holds and receives: the newest base backup and its age, how many Barman"
                + " keeps and which its retention deletes next, the WAL file being received and how far it is behind"
                + " the primary (asked of the primary through db, as Barman reaches it), whether every WAL file from"
                + " the oldest base backup on is there, the newest dump and its age, with object storage what waits"
                + " to go off-site and how the last send and the last check of the storage's copy ended,"
                + " the space used and free, and Barman's own check. Changes nothing.",
            "Exit codes: 0 healthy; 1 a problem (listed under the figures): no base backup or dump newer than "
                + "2 days, a WAL file missing, Barman not streaming from the primary, a lag that could not be asked, a"
                + " failed barman"
                + " check, an off-site send or check that failed or an item waiting over an hour to go off-site, or"
                + " the backup host unreachable; 2 bad input."},
        footer = {"", "Examples:", "  push backup status", "  push backup status --json"})
final class BackupStatusCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Option(names = "--json", description = "print the figures and the problems as JSON, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        BackupTopology topology = BackupCommand.topology(inv, spec);
        BackupStatus status = ask(inv, topology);
        List<String> problems = status.problems();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(status)));
            return problems.isEmpty() ? 0 : Push.SOME_FAILED;
        }
        if (status.answered()) {
            Optional<RestoreJobs.BaseBackup> last = status.lastBackup();
            out.println("backup host       " + status.host().name());
            out.println("base backups      " + status.backups().stream().filter(RestoreJobs.BaseBackup::done).count()
                    + " complete; newest " + last.map(b -> b.id() + ", ended " + b.end().orElseThrow() + " ("
                    + age(status.now(), b.end().orElseThrow()) + " ago)").orElse("none"));
            out.println("retention deletes " + (status.obsolete().isEmpty() ? "nothing yet"
                    : String.join(", ", status.obsolete())));
            out.println("WAL receiving     " + status.partialWal().map(p -> p + status.lastWalWrite().map(t -> ", last"
                    + " written " + age(status.now(), t) + " ago").orElse("")).orElse("no file"));
            BackupStatus.WalLag lag = status.walLag();
            out.println("WAL archive       " + (status.walGaps().isEmpty() ? "unbroken from the oldest base backup"
                    : "MISSING " + String.join(", ", status.walGaps())));
            out.println("WAL lag           " + (lag.error().isEmpty() ? (lag.state().isEmpty() ? "not streaming"
                    : lag.state() + ", " + lag.bytes() + " bytes, " + lag.seconds() + " s behind the primary")
                    : "unknown"));
            out.println("newest dump       " + status.lastDump().map(d -> d + status.lastDumpTime().map(t -> " ("
                    + age(status.now(), t) + " ago)").orElse("")).orElse("none yet (the timer runs at 02:30 UTC)"));
            out.println("last drill        " + status.lastDrill().map(t -> (status.drillPassed() ? "passed, "
                    : "FAILED, ") + age(status.now(), t) + " ago").orElse("none yet (push backup drill HOST)"));
            status.offSite().ifPresent(copy -> {
                out.println("off-site queue    " + copy.queuedWal() + " WAL file(s), " + copy.queuedBase() + " base"
                        + " backup(s) waiting" + copy.oldestQueued().map(t -> ", the oldest for "
                        + age(status.now(), t)).orElse("") + copy.lastSend().map(r -> "; last send "
                        + (r.ok() ? "ok" : "FAILED") + ", "
                        + age(status.now(), r.at()) + " ago").orElse("; no send yet"));
                out.println("off-site check    " + copy.lastCheck().map(r -> (r.ok() ? "ok, " : "FAILED, ")
                        + age(status.now(), r.at()) + " ago: " + r.text()).orElse("none yet (daily at 04:00 UTC, and"
                        + " in each push backup drill)"));
            });
            out.println("space             Barman " + mib(status.barmanBytes()) + ", dumps " + mib(status.dumpBytes())
                    + ", free " + mib(status.freeBytes()));
        }
        out.println(problems.isEmpty() ? "backups: healthy" : "backups: PROBLEM");
        problems.forEach(p -> out.println("  " + p));
        return problems.isEmpty() ? 0 : Push.SOME_FAILED;
    }

    /** What push backup status shows, and push dashboard: asked of the backup host. */
    static BackupStatus ask(Inventory inv, BackupTopology topology) throws InterruptedException {
        return Sessions.quiet(inv, "backup-status").run(List.of(topology.server()),
                new RolloutOptions(1, 0, 0, false), BackupStatus.job(),
                (host, outcome, why, log) -> BackupStatus.unanswered(host, outcome.name().toLowerCase() + ": " + why),
                s -> !s.answered()).get(0);
    }

    /** {@code push backup status --json}. */
    static Map<String, Object> json(BackupStatus status) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("host", status.host().name().toString());
        all.put("answered", status.answered());
        all.put("error", status.error());
        all.put("baseBackups", status.backups().stream().map(b -> {
            Map<String, Object> backup = new LinkedHashMap<>();
            backup.put("id", b.id());
            backup.put("status", b.status());
            backup.put("timeline", b.timeline());
            backup.put("end", b.end().map(Instant::toString).orElse(null));
            return backup;
        }).toList());
        all.put("lastBaseBackupAgeSeconds", status.lastBackup().map(b -> seconds(status.now(), b.end().orElseThrow()))
                .orElse(null));
        all.put("retentionDeletesNext", status.obsolete());
        all.put("walReceiving", status.partialWal().orElse(null));
        all.put("walLastWriteAgeSeconds", status.lastWalWrite().map(t -> seconds(status.now(), t)).orElse(null));
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("state", status.walLag().state());
        lag.put("bytes", status.walLag().error().isEmpty() ? status.walLag().bytes() : null);
        lag.put("seconds", status.walLag().error().isEmpty() ? status.walLag().seconds() : null);
        lag.put("error", status.walLag().error());
        all.put("walLag", lag);
        all.put("walGaps", status.walGaps());
        all.put("lastDump", status.lastDump().orElse(null));
        all.put("lastDumpAgeSeconds", status.lastDumpTime().map(t -> seconds(status.now(), t)).orElse(null));
        all.put("lastDrillAgeSeconds", status.lastDrill().map(t -> seconds(status.now(), t)).orElse(null));
        all.put("lastDrillPassed", status.lastDrill().map(t -> status.drillPassed()).orElse(null));
        all.put("offSite", status.offSite().map(copy -> {
            Map<String, Object> offSite = new LinkedHashMap<>();
            offSite.put("queuedWal", copy.queuedWal());
            offSite.put("queuedBaseBackups", copy.queuedBase());
            offSite.put("oldestQueuedAgeSeconds", copy.oldestQueued().map(t -> seconds(status.now(), t)).orElse(null));
            offSite.put("lastSend", copy.lastSend().map(r -> run(status.now(), r)).orElse(null));
            offSite.put("lastCheck", copy.lastCheck().map(r -> run(status.now(), r)).orElse(null));
            return offSite;
        }).orElse(null));
        all.put("barmanBytes", status.barmanBytes());
        all.put("dumpBytes", status.dumpBytes());
        all.put("freeBytes", status.freeBytes());
        all.put("barmanCheck", status.checks());
        all.put("healthy", status.problems().isEmpty());
        all.put("problems", status.problems());
        return all;
    }

    private static Map<String, Object> run(Instant now, BackupStatus.Run run) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ageSeconds", seconds(now, run.at()));
        fields.put("ok", run.ok());
        fields.put("text", run.text());
        return fields;
    }

    private static long seconds(Instant now, Instant then) {
        return Duration.between(then, now).toSeconds();
    }

    private static String age(Instant now, Instant then) {
        long s = seconds(now, then);
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
