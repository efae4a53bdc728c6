package com.speedy.repo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code repo-tool}: a signed apt repository on disk. Exit codes: 0 done, 1 refused (nothing changed), 2 usage. */
@Command(name = "repo-tool", mixinStandardHelpOptions = true, version = "repo-tool 1.0",
        description = "Manages a signed apt repository on disk, laid out as Debian's archive (pool/, dists/).",
        subcommands = {InitCommand.class, KeyCommand.class, PublishCommand.class, PromoteCommand.class,
            RemoveCommand.class, ListCommand.class, CleanupCommand.class, VerifyCommand.class, ServeCommand.class},
        footer = {"", "Example:",
            "  repo-tool init /srv/apt && repo-tool key generate -r /srv/apt",
            "  repo-tool publish -r /srv/apt --suite dev packages/*/target/*.deb",
            "", "Exit codes: 0 done, 1 refused (the repository is left as it was), 2 bad usage."})
public final class RepoTool {
    public static final int REFUSED = 1;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
    boolean stacktrace;

    RepoTool() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(RepoTool.class);
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
