package com.speedy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A tool's {@code main}: runs the command line and exits with its code, after flushing what it wrote. picocli's
 * writers flush on {@code println} only, and each subcommand makes its own unless one is set before the run: a
 * command that ends its output with {@code print} lost it all to {@code System.exit} ({@code push monitoring config}
 * printed nothing). So one writer for each stream, set on the root (which hands it down), flushed before the exit.
 */
public final class ExecuteAndExit {
    private ExecuteAndExit() {}

    public static void run(CommandLine cli, String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
