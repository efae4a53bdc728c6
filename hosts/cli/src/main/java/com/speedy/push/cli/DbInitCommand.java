package com.speedy.push.cli;

import com.speedy.push.config.SecretStore;
import com.speedy.push.db.AliasTarget;
import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.DbGroup;
import com.speedy.push.db.DbInit;
import com.speedy.push.db.ScramSecret;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Makes DBHOST the first primary: PostgreSQL installed if it is not, its settings sized for this"
                + " workload from the host's memory (ALTER SYSTEM, so that a standby cloned later has them too),"
                + " pg_hba entries for the hosts that run the speedy packages only, the role " + DbInit.ROLE + " with"
                + " the password kept in the secret store (speedy-app's db.password; sent as a SCRAM secret, never in"
                + " plain text) and its database " + DbInit.DATABASE + "; then db points at DBHOST on every host (as"
                + " push db alias set). Each part only if it differs: a second run changes nothing.",
            "Every host of the group " + DbGroup.NAME + " is asked first: refused (nothing changed) if another runs as"
                + " a primary or cannot be asked, or if DBHOST is (or was) a standby of a pair.",
            "Exit codes: 0 done (or as it was), 1 refused or failed, 2 bad input."},
        footer = {"", "Examples:", "  push config set speedy-app db.password --from-file ~/db-password --store-only",
            "  push db init db1", "  push db init db1 --dry-run", "  push db init db1 --memory 4G"})
final class DbInitCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Parameters(paramLabel = "DBHOST", description = "the host of the group db to make the primary")
    String dbHost;

    @Option(names = "--memory", paramLabel = "SIZE", description = "size the settings for this much memory, e.g. 4G or"
            + " 512M (default: the host's, or its cgroup's limit if lower)")
    String memory;

    @Option(names = "--dry-run", description = "ask the hosts and say what would change; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host primary = inv.namedHost(dbHost, "DBHOST");
        List<Host> group = DbGroup.members(inv);
        if (!group.contains(primary)) {
            throw new ParameterException(spec.commandLine(), dbHost + " is not in the group " + DbGroup.NAME + " of "
                    + inv.file());
        }
        OptionalLong bytes = memory == null ? OptionalLong.empty() : DbInit.parseSize(memory);
        if (memory != null && bytes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--memory " + memory + " is not a size such as 4G or"
                    + " 512M");
        }
        String password = password(ConfigCommand.store(inv, spec));
        List<String> apps = inv.hostsRunning(new HashSet<>(DbInit.CLIENTS)).stream().map(Host::address).toList();
        PrintWriter out = spec.commandLine().getOut();

        String refusal = DbInit.refusal(Sessions.quiet(inv, "db-init-check"), primary, group);
        if (!refusal.isEmpty()) {
            spec.commandLine().getErr().println("push db init: refused: " + refusal + "; nothing was changed");
            return Push.SOME_FAILED;
        }
        HostLogs logs = logDir.logs("db-init");
        Rollout rollout = Sessions.rollout(inv, logs, out);
        List<Host> members = group.stream().filter(h -> !h.equals(primary)).toList();
        List<HostResult> check = new ArrayList<>(rollout.run(List.of(primary), RolloutOptionsMixin.everyHost(),
                new DbInit(apps, password, bytes, true)));
        if (dryRun && !check.get(0).outcome().isFailure()) {
            check.addAll(rollout.run(members, RolloutOptionsMixin.everyHost(), DbInit.appEntriesOnMember(apps, true)));
            out.println("would point db at " + primary.address() + " (" + primary.name() + ") on every host");
        }
        if (dryRun || check.get(0).outcome().isFailure()) {
            return Summary.print(out, check, logs.dir().toString());
        }
        List<HostResult> init = new ArrayList<>(rollout.run(List.of(primary), RolloutOptionsMixin.everyHost(),
                new DbInit(apps, password, bytes, false)));
        if (init.get(0).outcome().isFailure()) {
            return Summary.print(out, init, logs.dir().toString());
        }
        // The other db hosts allow the same app hosts: a standby is the primary after a switchover.
        init.addAll(rollout.run(members, RolloutOptionsMixin.everyHost(), DbInit.appEntriesOnMember(apps, false)));
        if (init.stream().anyMatch(r -> r.outcome().isFailure())) {
            out.println("push db init: " + dbHost + " is set up, but not every other db host allows the app hosts;"
                    + " db was not pointed at it (run push db init " + dbHost + " again)");
            Summary.print(out, init, logs.dir().toString());
            return Push.SOME_FAILED;
        }
        AliasTarget target = AliasTarget.check(Sessions.quiet(inv, "db-alias-check"), primary, group);
        if (!target.allowed()) {
            out.println("push db init: " + dbHost + " is set up, but db was not pointed at it: " + target.reason());
            Summary.print(out, init, logs.dir().toString());
            return Push.SOME_FAILED;
        }
        out.println("pointing db at " + primary.address() + " (" + primary.name() + ") on every host");
        List<HostResult> results = new ArrayList<>(init);
        // Every host, the primary too: its own clients (backups, monitoring) find the primary through db as well.
        results.addAll(rollout.run(inv.select(List.of(), true), RolloutOptionsMixin.everyHost(),
                DbAliasJobs.set(primary.address())));
        return Summary.print(out, results, logs.dir().toString());
    }

    /** The application's password from the store: what the conffiles' db.password holds. */
    private String password(SecretStore store) throws IOException, InterruptedException {
        String key = "db.password";
        if (!store.keys(DbInit.CLIENTS.get(0)).contains(key)) {
            throw new ParameterException(spec.commandLine(), "the secret store has no " + key + " of "
                    + DbInit.CLIENTS.get(0) + " (" + store.file(DbInit.CLIENTS.get(0), key) + "): push config set "
                    + DbInit.CLIENTS.get(0) + " " + key + " --from-file FILE --store-only");
        }
        String password = new String(store.get(DbInit.CLIENTS.get(0), key), StandardCharsets.UTF_8);
        if (!ScramSecret.accepts(password)) {
            throw new ParameterException(spec.commandLine(), key + " of " + DbInit.CLIENTS.get(0) + " must be printable"
                    + " ASCII without spaces (db init sends it to PostgreSQL as a SCRAM secret)");
        }
        return password;
    }
}
