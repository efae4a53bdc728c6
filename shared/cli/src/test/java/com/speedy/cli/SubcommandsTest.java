package com.speedy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SubcommandsTest {
    @Command(name = "tool", mixinStandardHelpOptions = true, version = "tool 1.0")
    static final class Tool {}

    @Command(name = "first", subcommands = Nested.class)
    static final class First implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "nested")
    static final class Nested implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "second")
    static final class Second implements Runnable {
        @Override
        public void run() {}
    }

    private static final Subcommands SUBCOMMANDS = Subcommands.of(First.class, Second.class);

    @Test
    void aRunThatNamesASubcommandGetsThatOneWithItsOwnSubcommands() {
        CommandLine cli = SUBCOMMANDS.addFor(new CommandLine(new Tool()), "second", "--some-option");
        assertThat(cli.getSubcommands()).containsOnlyKeys("second");
        assertThat(SUBCOMMANDS.addFor(new CommandLine(new Tool()), "first", "nested").getSubcommands().get("first")
                .getSubcommands()).containsOnlyKeys("nested");
    }

    @Test
    void theVersionAloneGetsNoneAndPrintsTheSameVersion() {
        CommandLine cli = SUBCOMMANDS.addFor(new CommandLine(new Tool()), "--version");
        assertThat(cli.getSubcommands()).isEmpty();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out).hasToString("tool 1.0" + System.lineSeparator());
    }

    @Test
    void helpNoArgumentsAndAMistypedWordGetThemAllInHelpsOrder() {
        for (String[] args : new String[][] {{"--help"}, {}, {"secnd"}, {"--version", "first"}}) {
            assertThat(SUBCOMMANDS.addFor(new CommandLine(new Tool()), args).getSubcommands().keySet())
                    .as(String.join(" ", args)).containsExactly("first", "second");
        }
    }
}
