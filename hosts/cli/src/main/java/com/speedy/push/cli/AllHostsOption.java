package com.speedy.push.cli;

import picocli.CommandLine.Option;

/** {@code --all}: every host of the inventory, for the commands that otherwise name their hosts and groups. */
final class AllHostsOption {
    @Option(names = "--all", description = "every host of the inventory")
    boolean all;
}
