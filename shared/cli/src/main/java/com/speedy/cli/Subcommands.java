package com.speedy.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A tool's top-level subcommands, added to its command line only when needed. picocli builds the model of every
 * subcommand it is given, by reflection, before it parses a word: with push's thirty commands that was half of the
 * time {@code push --version} took. So a run that names a subcommand gets that one (with its own subcommands), and
 * {@code --version} none; every other run (help, no arguments, a mistyped word that picocli should answer with the
 * closest name) gets them all, in the order given, which is the order help lists them in.
 */
public final class Subcommands {
    private final List<Class<?>> commands;

    private Subcommands(List<Class<?>> commands) {
        this.commands = commands;
    }

    /** The subcommands in help's order; each class carries a {@link Command} annotation with its name. */
    public static Subcommands of(Class<?>... commands) {
        return new Subcommands(List.of(commands));
    }

    /** Every subcommand. */
    public CommandLine addAll(CommandLine cli) {
        commands.forEach(cli::addSubcommand);
        return cli;
    }

    /** What a run with these arguments needs: the subcommand the first names, none for the version alone, else all. */
    public CommandLine addFor(CommandLine cli, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return cli;
        }
        if (args.length > 0) {
            for (Class<?> command : commands) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    cli.addSubcommand(command);
                    return cli;
                }
            }
        }
        return addAll(cli);
    }
}
