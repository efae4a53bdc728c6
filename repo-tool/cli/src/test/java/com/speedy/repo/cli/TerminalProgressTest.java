package com.speedy.repo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.publish.Publisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void scriptGetsTheMessagesAndNoProgressLine() throws Exception {
        try (TerminalProgress console = TerminalProgress.of(print(out), print(err), false)) {
            console.progress(new Publisher.Progress(Publisher.Step.READ, 3, 10, 6_000_000));
            Thread.sleep(TerminalProgress.QUIET_FOR.toMillis() + 400);
            console.info("dev: added pool/main/a/a_1_all.deb");
        }
        assertThat(text(out)).isEqualTo("dev: added pool/main/a/a_1_all.deb\n");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void terminalShowsTheLatestCountAfterASecondAndClearsItBeforeAMessage() throws Exception {
        try (TerminalProgress console = TerminalProgress.of(print(out), print(err), true)) {
            console.progress(new Publisher.Progress(Publisher.Step.READ, 1, 10, 2_000_000));
            console.progress(new Publisher.Progress(Publisher.Step.READ, 4213, 10000, 8_300_000));
            assertThat(text(err)).as("quiet for the first second").isEmpty();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (text(err).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Redrawn in place, the latest count only.
            assertThat(text(err)).startsWith("\rread 4213/10000 packages (8.3 MB)")
                    .matches("(\\rread 4213/10000 packages \\(8\\.3 MB\\))+");
            console.info("dev: 1 added");
        }
        assertThat(text(err)).endsWith("\r" + " ".repeat("read 4213/10000 packages (8.3 MB)".length()) + "\r");
        assertThat(text(out)).isEqualTo("dev: 1 added\n");
    }

    @Test
    void lineNamesTheStep() {
        assertThat(TerminalProgress.line(new Publisher.Progress(Publisher.Step.COPY, 2, 20, 83_886_080)))
                .isEqualTo("copied into the pool 2/20 packages (83.9 MB)");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
