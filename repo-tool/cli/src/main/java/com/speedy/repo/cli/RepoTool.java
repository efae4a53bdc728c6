package com.speedy.repo.cli;

import com.speedy.cli.ExecuteAndExit;
import com.speedy.cli.Subcommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code repo-tool}: a signed apt repository on disk. Exit codes: 0 done, 1 refused (nothing changed), 2 usage. */
@Command(name = "repo-tool", mixinStandardHelpOptions = true, version = "repo-tool 1.0",
        description = "Manages a signed apt repository on disk, laid out as Debian's archive (pool/, dists/).",
        footer = {"", "Example:",
            "  repo-tool init /srv/apt && repo-tool key generate -r /srv/apt",
            "  repo-tool publish -r /srv/apt --suite dev packages/*/target/*.deb",
            "", "Exit codes: 0 done, 1 refused (the repository is left as it was), 2 bad usage."})
public final class RepoTool {
    public static final int REFUSED = 1;

    /** Help lists them in this order; a run builds only the one it names (see {@link Subcommands}). */
    private static final Subcommands SUBCOMMANDS = Subcommands.of(
            InitCommand.class, KeyCommand.class, PublishCommand.class, PromoteCommand.class,
            RemoveCommand.class, ListCommand.class, CleanupCommand.class, VerifyCommand.class,
            SyncCommand.class, ServeCommand.class);

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
    boolean stacktrace;

    RepoTool() {}

    public static void main(String[] args) {
        ExecuteAndExit.run(commandLine(args), args);
    }

    /** The command line with every subcommand and repo-tool's error handling, as tests run it in-process. */
    public static CommandLine commandLine() {
        return withErrorHandling(SUBCOMMANDS.addAll(new CommandLine(RepoTool.class)));
    }

    /** What {@link #main} runs: the same, with only the subcommands these arguments need. */
    static CommandLine commandLine(String... args) {
        return withErrorHandling(SUBCOMMANDS.addFor(new CommandLine(RepoTool.class), args));
    }

    private static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("repo-tool: " + e.getMessage());
            if (stacktraceAsked(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            }
            return REFUSED;
        });
        return cli;
    }

    /** --stacktrace is inherited: it may follow the subcommand ({@code repo-tool publish ... --stacktrace}). */
    private static boolean stacktraceAsked(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }
}
