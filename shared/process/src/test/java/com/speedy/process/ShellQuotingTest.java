package com.speedy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {
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
        String printEachWord = "printf '%s\\0' " + ShellQuoting.render(AwkwardWords.ALL);
        ProcessResult shell = LocalCommand.of("/bin/sh", "-c", printEachWord).run().orThrow();
        assertThat(shell.stdoutText().split("\0", -1))
                .containsExactlyElementsOf(Stream.concat(AwkwardWords.ALL.stream(), Stream.of("")).toList());
    }

    @Test
    void anEmptyArgvAndANulCharacterAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> ShellQuoting.render(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellQuoting.render(List.of("printf", "a\0b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\0b");
    }
}
