package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteCommandTest {
    @Test
    void aNulCharacterIsRefusedWhenTheCommandIsMadeNotWhenItRuns() {
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
