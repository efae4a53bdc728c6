package com.speedy.push;

import com.speedy.push.cli.Push;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** push run in-process as an operator runs it: its exit code and everything it printed, stdout and stderr. */
public record PushRun(int exitCode, String out) {
    /** Runs {@code args}, then {@code extra} (the test's inventory, log folder). */
    public static PushRun of(List<String> extra, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(extra);
        StringWriter out = new StringWriter();
        CommandLine cli = Push.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new PushRun(cli.execute(all.toArray(String[]::new)), out.toString());
    }
}
