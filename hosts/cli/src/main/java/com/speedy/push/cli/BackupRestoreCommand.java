package com.speedy.push.cli;

import com.speedy.push.backup.BackupRestore;
import com.speedy.push.backup.BackupTopology;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores the database from the backup host into a fresh cluster on HOST: Barman copies the"
                + " newest fitting base backup and the WAL after it into HOST's data directory over ssh (barman's key"
                + " let in for postgres from the backup host's address only, for the restore's length; HOST's host"
                + " key pinned from push's own verified connection), then HOST's cluster starts and recovers, and runs"
                + " as a primary.",
            "--latest: up to the last WAL the backup host received, the partial file too. --time T: up to T and"
                + " nothing after (the newest base backup that ended before T, then WAL to T).",
            "Refused, with nothing changed anywhere, unless HOST's data directory holds nothing of anyone's (read"
                + " from the directory itself, whether PostgreSQL runs or not): a fresh cluster is moved aside, never"
                + " deleted. A run stopped at any point is finished by running it again.",
            "Exit codes: 0 restored; 1 refused or a step failed (the output says which); 2 bad input."},
        footer = {"", "Examples:", "  push backup restore db3 --latest --dry-run",
            "  push backup restore db3 --latest", "  push backup restore scratch1 --time 2026-12-02T07:30:00Z"})
final class BackupRestoreCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Parameters(paramLabel = "HOST", description = "the host to restore onto (its data directory must hold nothing)")
    String hostName;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    static final class Point {
        @Option(names = "--latest", required = true, description = "to the last WAL received")
        boolean latest;

        @Option(names = "--time", required = true, paramLabel = "T",
                description = "to this time: ISO 8601 with a zone, e.g. 2026-12-02T07:30:00Z or 2026-12-02T08:30+01:00")
        String time;
    }

    @Option(names = "--dry-run", description = "ask both hosts and say what would change; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Optional<Instant> time = point.latest ? Optional.empty() : Optional.of(parseTime(point.time));
        BackupTopology topology = BackupCommand.topology(inv, spec);
        Host target = inv.namedHost(hostName, "HOST");
        HostLogs logs = logDir.logs("backup-restore");
        PrintWriter out = spec.commandLine().getOut();
        BackupRestore.Outcome outcome = new BackupRestore(Sessions.rollout(inv, logs, out),
                Summary.console(out, logs)).run(new BackupRestore.Request(topology, target, time, dryRun,
                logs.dir().toString()));
        return outcome == BackupRestore.Outcome.RESTORED || outcome == BackupRestore.Outcome.WOULD_CHANGE ? 0
                : Push.SOME_FAILED;
    }

    private Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--time " + text + " is not an ISO 8601 time with a"
                    + " zone, e.g. 2026-12-02T07:30:00Z");
        }
    }
}
