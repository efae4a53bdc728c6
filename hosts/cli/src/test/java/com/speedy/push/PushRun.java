package com.speedy.push;

import com.speedy.push.cli.Push;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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

    /**
     * Starts {@code args}, then {@code extra}, as an operator starts push: in a process of its own (this JVM's java
     * and class path), so that a test can kill it mid-step; its stdout and stderr go to {@code output}.
     */
    public static Process process(Path output, List<String> extra, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Push.class.getName()));
        argv.addAll(List.of(args));
        argv.addAll(extra);
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
