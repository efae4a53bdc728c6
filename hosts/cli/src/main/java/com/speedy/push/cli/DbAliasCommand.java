package com.speedy.push.cli;

import picocli.CommandLine.Command;

@Command(name = "alias", mixinStandardHelpOptions = true,
        subcommands = {DbAliasShowCommand.class, DbAliasSetCommand.class},
        description = "What `db` resolves to on every host, and moving it: a failover is pointing `db` elsewhere.",
        footer = {"", "Examples:", "  push db alias show", "  push db alias set db2"})
final class DbAliasCommand {
}
