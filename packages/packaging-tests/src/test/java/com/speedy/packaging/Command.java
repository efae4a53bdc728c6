package com.speedy.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (dpkg-deb, lintian, dpkg, mvn) and captures what it printed. */
record Command(int exitCode, String output) {

    static Command run(Path directory, long timeoutMinutes, String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(argv)).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish within " + timeoutMinutes + " min");
        }
        return new Command(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Command run(String... argv) throws IOException, InterruptedException {
        return run(Path.of("."), 5, argv);
    }

    /** Runs and insists on exit 0; returns the output. */
    static String check(String... argv) throws IOException, InterruptedException {
        Command c = run(argv);
        if (c.exitCode() != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + c.exitCode() + ":\n" + c.output());
        }
        return c.output();
    }
}
