package com.speedy.push.cli;

import com.speedy.cli.ExecuteAndExit;
import com.speedy.cli.Subcommands;
import com.speedy.push.inventory.InventoryException;
import com.speedy.push.inventory.InventoryProblem;
import com.speedy.push.inventory.SelectionException;
import java.io.PrintWriter;
import java.nio.file.Files;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code push}: the company's packages onto its hosts over SSH. Exit codes: 0 done, 1 some hosts failed, 2 bad usage
 * or bad input (a bad inventory, an unknown host or group), with nothing done.
 */
@Command(name = "push", mixinStandardHelpOptions = true, version = "push 1.0",
        description = "Installs and upgrades the company's packages on its hosts over SSH, as an inventory describes"
                + " them.",
        footer = {"", "Example:",
            "  push inventory check -i hosts/inventory/testbed.yaml",
            "  push apt-source --all && push install speedy-app app1 && push status",
            "", "The inventory is -i FILE, else $PUSH_INVENTORY,", "else hosts/inventory/inventory.yaml.",
            "", "Exit codes: 0 done, 1 some hosts failed,", "  2 bad usage or bad input (nothing was done)."})
public final class Push {
    public static final int SOME_FAILED = 1;
    public static final int BAD_INPUT = 2;

    /** Help lists them in this order; a run builds only the one it names (see {@link Subcommands}). */
    private static final Subcommands SUBCOMMANDS = Subcommands.of(
            InventoryCommand.class, BootstrapCommand.class, AptSourceCommand.class, InstallCommand.class,
            UpgradeCommand.class, RemoveCommand.class, StatusCommand.class, DashboardCommand.class, TrustCommand.class,
            DbCommand.class, MonitoringCommand.class, BackupCommand.class, LbCommand.class, MaintenanceCommand.class,
            FirewallCommand.class, ConfigCommand.class);

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
    boolean stacktrace;

    Push() {}

    public static void main(String[] args) {
        ExecuteAndExit.run(commandLine(args), args);
    }

    /** The command line with every subcommand and push's error handling, as tests run it in-process. */
    public static CommandLine commandLine() {
        return withErrorHandling(SUBCOMMANDS.addAll(new CommandLine(Push.class)));
    }

    /** What {@link #main} runs: the same, with only the subcommands these arguments need. */
    static CommandLine commandLine(String... args) {
        return withErrorHandling(SUBCOMMANDS.addFor(new CommandLine(Push.class), args));
    }

    private static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code;
            if (e instanceof InventoryException bad) {
                report(bad, err);
                code = BAD_INPUT;
            } else if (e instanceof SelectionException unknown) {
                err.println("push: " + unknown.getMessage());
                code = BAD_INPUT;
            } else {
                err.println("push: " + e.getMessage());
                code = SOME_FAILED;
            }
            if (stacktraceWanted(parseResult)) {
                e.printStackTrace(err);
            }
            return code;
        });
        return cli;
    }

    /** Each problem on a line of its own, starting FILE:LINE:COLUMN as compilers write them, then what it means. */
    private static void report(InventoryException bad, PrintWriter err) {
        if (!Files.exists(bad.file())) {
            err.println("push: no inventory at " + bad.file() + "; name one with -i FILE or $PUSH_INVENTORY"
                    + " (bin/testbed up writes hosts/inventory/testbed.yaml)");
            return;
        }
        bad.problems().stream().map(InventoryProblem::toString).forEach(err::println);
        int n = bad.problems().size();
        err.println("push: " + n + (n == 1 ? " problem" : " problems") + " in the inventory " + bad.file()
                + "; nothing was done");
    }

    /** --stacktrace is inherited: it may have been given to any subcommand. */
    private static boolean stacktraceWanted(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }
}
