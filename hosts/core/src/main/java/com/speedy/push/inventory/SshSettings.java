package com.speedy.push.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How push logs in to every host. Host keys are always checked against {@code knownHosts}.
 *
 * @param user the login user of hosts that name none
 * @param keys private key files to log in with
 * @param agent whether the keys of a running ssh-agent may be used too
 * @param connectTimeout how long connecting and logging in may take
 * @param commandTimeout how long one remote command may run
 */
public record SshSettings(Optional<String> user, Path knownHosts, List<Path> keys, boolean agent,
        Duration connectTimeout, Duration commandTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    public SshSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(knownHosts, "knownHosts");
        keys = List.copyOf(keys);
        if (keys.isEmpty() && !agent) {
            throw new IllegalArgumentException("no key files and no agent: nothing to log in with");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be above zero, not " + duration);
        }
    }
}
