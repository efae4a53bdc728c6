package com.speedy.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /** Runs the script with the test's environment plus {@code env}; stderr is discarded, as Munin and NRPE log it. */
    static Result run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPEEDY_MONITORING_LIB", DEB.resolve("lib").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), stdout);
    }
}
