package com.speedy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logic of {@code .ci/run}, the CI entry point: its exit status is that of README's test command. It runs from a
 * copy of the repository layout in which {@code bin/setup} and {@code mvn} are stand-ins (a unit test of the script,
 * not of what it calls), so it needs neither root nor a network.
 */
class CiRunTest {
    @TempDir
    Path checkout;

    @Test
    void aFailingSetupFailsCiWithItsExitStatusAndBuildsNothing() throws Exception {
        Run run = ciRun(3, 0);

        assertThat(run.exitStatus()).isEqualTo(3);
        assertThat(run.calls()).containsExactly("setup");
        assertThat(run.lastLine()).matches("CI finished in \\d+ s: FAILED \\(exit 3\\)");
    }

    @Test
    void aFailingBuildFailsCiWithMavensExitStatus() throws Exception {
        Run run = ciRun(0, 1);

        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.calls()).containsExactly("setup", "mvn -B verify");
        assertThat(run.lastLine()).matches("CI finished in \\d+ s: FAILED \\(exit 1\\)");
    }

    @Test
    void ciPassesOnlyWhenSetupAndTheBuildPass() throws Exception {
        Run run = ciRun(0, 0);

        assertThat(run.exitStatus()).isZero();
        assertThat(run.calls()).containsExactly("setup", "mvn -B verify");
        assertThat(run.lastLine()).matches("CI finished in \\d+ s: passed");
    }

    private record Run(int exitStatus, List<String> calls, String lastLine) {}

    private Run ciRun(int setupExit, int mvnExit) throws IOException, InterruptedException {
        Path project = Path.of(System.getenv().getOrDefault("SPEEDY_PROJECT_DIR", ".."));
        Path calls = checkout.resolve("calls");
        Files.createDirectories(checkout.resolve(".ci"));
        Files.copy(project.resolve(".ci/run"), checkout.resolve(".ci/run"));
        standIn(checkout.resolve("bin/setup"), "echo setup >>'" + calls + "'\nexit " + setupExit);
        standIn(checkout.resolve("stand-ins/mvn"), "echo \"mvn $*\" >>'" + calls + "'\nexit " + mvnExit);
        Files.writeString(calls, "");

        ProcessResult ci = LocalCommand.of("bash", checkout.resolve(".ci/run").toString())
                .withEnvironment(Map.of("PATH", checkout.resolve("stand-ins") + ":" + System.getenv("PATH")))
                .withStderrMerged().run();
        List<String> lines = ci.stdoutText().strip().lines().toList();
        return new Run(ci.exitStatus(), Files.readAllLines(calls), lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    }

    private static void standIn(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
