package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {
    static final List<String> AWKWARD_WORDS = List.of("plain", "two words", "it's", "'", "''", "\"double\"", "$HOME",
            "${PATH}", "$(id -u)", "`id`", "a;b", "a && b", "line one\nline two", "\ttab", "*", "~", "-n", "\\", "",
            "üñï €", "!", "#comment", "a|b", ">out");

    @Test
    void everyWordIsSingleQuotedEvenWhenNothingInItIsSpecial() {
        assertThat(ShellQuoting.render(List.of("apt-get", "install", "speedy-app=1.4.0-1")))
                .isEqualTo("'apt-get' 'install' 'speedy-app=1.4.0-1'");
    }

    @Test
    void aSingleQuoteInsideAWordEndsTheQuotedPartAddsAnEscapedQuoteAndStartsAgain() {
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
    }

    @Test
    void aRealShellGivesBackEveryAwkwardWordVerbatim() throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c",
                "printf '%s\\0' " + ShellQuoting.render(AWKWARD_WORDS)).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor()).isZero();
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(
                java.util.stream.Stream.concat(AWKWARD_WORDS.stream(), java.util.stream.Stream.of("")).toList());
    }

    @Test
    void anEmptyArgvAndANulCharacterAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> ShellQuoting.render(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteCommand.of("printf", "a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\0b");
    }

    @Test
    void aPrefixKeepsTheCommandsInputAndTimeoutAndTheInputIsACopy() {
        byte[] input = {1, 2, 3};
        RemoteCommand command = RemoteCommand.of("cat").withStdin(input).withTimeout(Duration.ofSeconds(3));
        input[0] = 9;
        RemoteCommand sudo = command.prefixedWith(List.of("sudo", "-n", "--"));
        assertThat(sudo.argv()).containsExactly("sudo", "-n", "--", "cat");
        assertThat(sudo.stdin()).containsExactly(1, 2, 3);
        assertThat(sudo.timeout()).contains(Duration.ofSeconds(3));
        assertThat(sudo).hasToString("'sudo' '-n' '--' 'cat'");
        assertThatThrownBy(() -> command.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
