package com.speedy.push.cli;

import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true, subcommands = {DbAliasCommand.class, DbStatusCommand.class, DbInitCommand.class, DbReplicaCommand.class,
        DbSwitchoverCommand.class, DbFailoverCommand.class, DbRejoinCommand.class},
        description = "The database pair: the `db` alias that names the primary on every host.",
        footer = {"", "Examples:", "  push db alias show", "  push db status", "  push db switchover --to db2"})
final class DbCommand {
}
