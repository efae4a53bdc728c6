package com.speedy.push.cli;

import picocli.CommandLine.Command;

@Command(name = "monitoring", mixinStandardHelpOptions = true,
        subcommands = {MonitoringInstallCommand.class, MonitoringConfigCommand.class},
        description = "Munin and Nagios: the agents and speedy-monitoring on the hosts, and the monitoring server's"
                + " configuration made from the inventory.",
        footer = {"", "Examples:", "  push monitoring install --all", "  push monitoring config --install"})
final class MonitoringCommand {
}
