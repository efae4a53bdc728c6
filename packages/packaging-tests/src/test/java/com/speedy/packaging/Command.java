package com.speedy.packaging;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Runs a real tool (dpkg-deb, lintian, dpkg, mvn) and captures what it printed on both streams. */
record Command(int exitCode, String output) {

    static Command run(Path directory, long timeoutMinutes, String... argv) throws IOException, InterruptedException {
        ProcessResult result = command(argv).inDirectory(directory).withTimeout(Duration.ofMinutes(timeoutMinutes))
                .run();
        return new Command(result.exitStatus(), result.stdoutText());
    }

    static Command run(String... argv) throws IOException, InterruptedException {
        return run(Path.of("."), 5, argv);
    }

    /** Runs and insists on exit 0; returns the output. */
    static String check(String... argv) throws IOException, InterruptedException {
        return command(argv).withTimeout(Duration.ofMinutes(5)).run().orThrow().stdoutText();
    }

    private static LocalCommand command(String... argv) {
        return LocalCommand.of(argv).withStderrMerged();
    }
}
