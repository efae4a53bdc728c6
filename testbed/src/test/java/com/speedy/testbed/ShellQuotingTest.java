package com.speedy.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {
    @Test
    void singleQuotesEveryWordAndEscapesQuotes() {
        assertThat(ShellQuoting.render(List.of("echo", "it's", "$HOME", "a b", "")))
                .isEqualTo("'echo' 'it'\\''s' '$HOME' 'a b' ''");
    }

    @Test
    void refusesAnEmptyCommand() {
        assertThatThrownBy(() -> ShellQuoting.render(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
