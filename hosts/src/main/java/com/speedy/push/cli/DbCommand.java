package com.speedy.push.cli;

import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true, subcommands = DbAliasCommand.class,
        description = "The database pair: the `db` alias that names the primary on every host.",
        footer = {"", "Example:", "  push db alias show"})
final class DbCommand {
}
