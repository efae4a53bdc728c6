package com.speedy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandTest {
    private static final int BIG = 4 * 1024 * 1024; // far more than a pipe's buffer (64 KiB on Linux)

    @Test
    void bigOutputOnBothStreamsAtOnceIsReadWhole() throws Exception {
        ProcessResult result = LocalCommand.of("sh", "-c",
                "head -c " + BIG + " /dev/zero & head -c " + BIG + " /dev/zero >&2; wait").run().orThrow();
        assertThat(result.stdout()).hasSize(BIG);
        assertThat(result.stderr()).hasSize(BIG);
    }

    @Test
    void theStdinBytesReachTheProgramAndWithoutThemItReadsEndOfFile() throws Exception {
        byte[] input = new byte[BIG];
        input[BIG - 1] = 7;
        assertThat(LocalCommand.of("cat").withStdin(input).run().stdout()).isEqualTo(input);
        assertThat(LocalCommand.of("cat").run().stdout()).isEmpty();
    }

    @Test
    void theDirectoryAndTheAddedVariablesAreTheProgramsAndTheRestOfTheEnvironmentStays(@TempDir Path dir)
            throws Exception {
        ProcessResult result = LocalCommand.of("sh", "-c", "pwd; echo \"$SPEEDY_TEST\"; echo \"$PATH\"")
                .inDirectory(dir).withEnvironment(Map.of("SPEEDY_TEST", "it's set")).run().orThrow();
        assertThat(result.stdoutText().lines().toList())
                .containsExactly(dir.toRealPath().toString(), "it's set", System.getenv("PATH"));
    }

    @Test
    void mergedStderrIsInterleavedIntoStdoutInTheOrderWritten() throws Exception {
        ProcessResult result = LocalCommand.of("sh", "-c", "echo one; echo two >&2; echo three")
                .withStderrMerged().run();
        assertThat(result.stdoutText()).isEqualTo("one\ntwo\nthree\n");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void theDeadlineFiresWithinASecondEvenWhileAGrandchildHoldsStdoutOpen() throws Exception {
        LocalCommand command = LocalCommand.of("sh", "-c", "sleep 60 & echo $! >&2; sleep 60")
                .withTimeout(Duration.ofMillis(1500));
        long start = System.nanoTime();
        assertThatThrownBy(command::run).isInstanceOf(ProcessTimeoutException.class)
                .hasMessage("sh -c sleep 60 & echo $! >&2; sleep 60 did not finish within 1500 ms");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
    }

    @Test
    void theDeadlineKillsTheWholeTree(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        LocalCommand command = LocalCommand.of("sh", "-c", "sleep 60 & echo $! > " + pids + "; echo $$ >> " + pids
                + "; sleep 60").withTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(command::run).isInstanceOf(ProcessTimeoutException.class);
        assertThat(Files.readAllLines(pids)).hasSize(2).allSatisfy(pid -> ProcessHandle.of(Long.parseLong(pid))
                .ifPresent(survivor -> survivor.onExit().orTimeout(5, TimeUnit.SECONDS).join()));
    }

    @Test
    void aChildThatExitsWhileAGrandchildKeepsStdoutOpenEndsTheWait() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = LocalCommand.of("sh", "-c", "sleep 5 & echo started").run();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(result.stdoutText()).isEqualTo("started\n");
    }

    @Test
    void aNonZeroExitIsReturnedAndOrThrowNamesTheArgvTheStatusAndTheEndOfStderr() throws Exception {
        ProcessResult result = LocalCommand.of("sh", "-c", "echo out; echo why it failed >&2; exit 3").run();
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdoutText()).isEqualTo("out\n");
        assertThatThrownBy(result::orThrow).isInstanceOf(ProcessFailedException.class)
                .hasMessage("sh -c echo out; echo why it failed >&2; exit 3 exited 3: why it failed");
    }

    @Test
    void onlyTheTailOfALongStderrGoesIntoTheMessage() throws Exception {
        ProcessResult result = LocalCommand.of("sh", "-c", "seq 100000 >&2; echo the reason >&2; exit 1").run();
        assertThatThrownBy(result::orThrow).isInstanceOfSatisfying(ProcessFailedException.class, failure -> {
            assertThat(failure.getMessage()).endsWith("100000\nthe reason").hasSizeLessThan(4200);
            assertThat(failure.result().stderrText()).startsWith("1\n2\n");
        });
    }

    @Test
    void aMissingExecutableIsATypedErrorNamingIt() {
        assertThatThrownBy(() -> LocalCommand.of("no-such-program-here", "--version").run())
                .isInstanceOf(ProcessNotStartedException.class)
                .hasMessageContaining("no-such-program-here")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void aBadArgvOrTimeoutIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> LocalCommand.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalCommand.of("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalCommand.of("true").withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInputIsACopyAndTheResultHandsOutCopies() throws Exception {
        byte[] input = "abc".getBytes(StandardCharsets.UTF_8);
        LocalCommand command = LocalCommand.of("cat").withStdin(input);
        input[0] = 'x';
        ProcessResult result = command.run();
        result.stdout()[0] = 'y';
        assertThat(result.stdoutText()).isEqualTo("abc");
    }

    @Test
    void deadlinesReadAsAPersonWouldWriteThem() {
        assertThat(ProcessTimeoutException.readable(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(ProcessTimeoutException.readable(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(ProcessTimeoutException.readable(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(ProcessTimeoutException.readable(Duration.ofMillis(700))).isEqualTo("700 ms");
    }
}
