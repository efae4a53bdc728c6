package com.speedy.monitoring;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the package's shell scripts run as Munin or NRPE runs it, with the shared library from this checkout. */
final class Script {
    static final Path DEB = Path.of("src", "deb").toAbsolutePath();

    record Result(int exitCode, String stdout) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private Script() {
    }

    static Path munin(String name) {
        return DEB.resolve("munin").resolve(name);
    }

    static Path nagios(String name) {
        return DEB.resolve("nagios").resolve(name);
    }

    /** Runs the script with the test's environment plus {@code env}; stderr is left out, as Munin and NRPE log it. */
    static Result run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessResult result = LocalCommand.of(command)
                .withEnvironment(Map.of("SPEEDY_MONITORING_LIB", DEB.resolve("lib").toString())).withEnvironment(env)
                .withTimeout(Duration.ofSeconds(30)).run();
        return new Result(result.exitStatus(), result.stdoutText());
    }
}
