package com.speedy.push.cli;

import com.speedy.push.db.DbGroup;
import com.speedy.push.db.AliasTarget;
import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Points `db` at DBHOST's address on every host (or those named), in parallel: push's block in"
                + " /etc/hosts is rewritten and every other line kept byte for byte; the previous file is kept in"
                + " /etc/hosts.speedy-previous; getent checks the result on each host. First every host of the group "
                + DbGroup.NAME + " is asked: refused (exit 1, nothing changed) unless DBHOST is in that"
                + " group and its only running primary; a database host that cannot be asked is a refusal too."
                + " --force REASON goes ahead all the same, and the reason goes into the run's log. `db-ro`, where the"
                + " services send read-only queries, names DBHOST too, or the standby --read-only names: refused"
                + " unless it streams from DBHOST now.",
        footer = {"", "Examples:", "  push db alias set db2", "  push db alias set db2 app --dry-run",
            "  push db alias set db1 --read-only db2",
            "  push db alias set db3 --force 'db3 restored from backup, checked by hand'"})
final class DbAliasSetCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Parameters(index = "0", paramLabel = "DBHOST", description = "the inventory host that is the primary now")
    String dbHost;

    @Parameters(index = "1..*", paramLabel = "HOST|GROUP", description = "the hosts to change (default: all)")
    List<String> targets = List.of();

    @Option(names = "--read-only", paramLabel = "STANDBY",
            description = "point db-ro at STANDBY, a host of the group that streams from DBHOST (checked on DBHOST;"
                    + " default: db-ro names DBHOST too)")
    String readOnlyHost;

    @Option(names = "--force", paramLabel = "REASON",
            description = "point db at DBHOST even though it is not the group's only running primary (or that could"
                    + " not be checked); REASON is printed and written to the run's log")
    String forceReason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host primary = inv.namedHost(dbHost, "DBHOST");
        Host readOnly = readOnlyHost == null ? primary : inv.namedHost(readOnlyHost, "--read-only");
        List<Host> hosts = inv.select(targets, targets.isEmpty());
        PrintWriter out = spec.commandLine().getOut();
        if (forceReason != null && forceReason.isBlank()) {
            spec.commandLine().getErr().println("push: --force needs a reason: --force 'why db must point at "
                    + dbHost + "'; nothing was changed");
            return Push.BAD_INPUT;
        }
        AliasTarget check = AliasTarget.check(Sessions.quiet(inv, "db-alias-check"), primary,
                DbGroup.members(inv));
        String verdict = check.allowed() ? "check: " + check.reason()
                + (forceReason == null ? "" : " (--force not needed; reason given: " + forceReason + ")")
                : forceReason == null ? "refused: " + check.reason()
                : "check failed (" + check.reason() + "); forced: " + forceReason;
        if (!check.allowed() && forceReason == null) {
            spec.commandLine().getErr().println("push db alias set: " + verdict + ". Nothing was changed"
                    + (rollout.dryRun ? " (dry run)" : "") + "; to point db there anyway: push db alias set " + dbHost
                    + " --force REASON");
            return Push.SOME_FAILED;
        }
        if (!readOnly.equals(primary)) {
            Optional<String> refusal = AliasTarget.streamingStandby(Sessions.quiet(inv, "db-alias-check"), primary,
                    readOnly, DbGroup.members(inv));
            if (refusal.isPresent()) {
                spec.commandLine().getErr().println("push db alias set: refused: " + refusal.get() + ". Nothing was"
                        + " changed; to send read-only queries to " + dbHost + " as well: push db alias set " + dbHost);
                return Push.SOME_FAILED;
            }
            verdict += "; " + readOnlyHost + " streams from " + dbHost + " (db-ro)";
        }
        out.println(verdict);
        if (rollout.dryRun) {
            out.println("would point db at " + primary.address() + " (" + primary.name() + ")"
                    + (readOnly.equals(primary) ? "" : " and db-ro at " + readOnly.address() + " (" + readOnly.name()
                    + ")") + " on: " + String.join(" ",
                    hosts.stream().map(h -> h.name().toString()).toList()));
            return 0;
        }
        HostLogs logs = rollout.logs("db-alias-set");
        // The run's own record, beside the hosts' logs: why db was pointed where the check said it must not.
        Files.createDirectories(logs.dir());
        Files.writeString(logs.dir().resolve("run.log"), "push db alias set " + dbHost + ": " + verdict + "\n");
        List<HostResult> results = Sessions.rollout(inv, logs, out).run(hosts, rollout.options(),
                DbAliasJobs.set(primary.address(), readOnly.address()));
        return Summary.print(out, results, logs.dir().toString());
    }
}
