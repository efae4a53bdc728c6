package com.speedy.push.cli;

import com.speedy.push.apt.AptCommands;
import picocli.CommandLine.Option;

/** {@code --lock-timeout}: for the commands that run apt-get install. */
final class LockTimeoutOption {
    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "" + AptCommands.DPKG_LOCK_TIMEOUT_SECONDS,
            description = "how long apt waits for another process's dpkg lock (shown while it waits) before giving up,"
                    + " having changed nothing (default: ${DEFAULT-VALUE})")
    int seconds;
}
