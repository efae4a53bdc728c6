package com.speedy.push.cli;

import com.speedy.push.apt.AptCommands;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --lock-timeout}: for the commands that run apt-get install. */
final class LockTimeoutOption {
    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "" + AptCommands.DPKG_LOCK_TIMEOUT_SECONDS,
            description = "how long apt waits for another process's dpkg lock (shown while it waits) before giving up,"
                    + " having changed nothing (default: ${DEFAULT-VALUE})")
    int seconds;

    /** The seconds, refused below zero (0: apt does not wait at all). */
    int seconds(CommandLine commandLine) {
        if (seconds < 0) {
            throw new ParameterException(commandLine, "--lock-timeout must be 0 or more seconds, not " + seconds);
        }
        return seconds;
    }
}
