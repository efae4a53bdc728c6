package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The bound of a host-side rollback timer ({@code --confirm-within}), which must leave push time to log in again. */
final class ConfirmWithin {
    private ConfirmWithin() {}

    /** The bound as given, if it is at least ssh.connect_timeout + 5 s; else a usage error naming the least. */
    static Duration check(int seconds, Inventory inv, CommandSpec spec) {
        Duration least = inv.ssh().connectTimeout().plusSeconds(5);
        if (Duration.ofSeconds(seconds).compareTo(least) < 0) {
            throw new ParameterException(spec.commandLine(), "--confirm-within " + seconds + " leaves push no"
                    + " time to log in again: at least " + least.toSeconds() + " s (ssh.connect_timeout + 5 s)");
        }
        return Duration.ofSeconds(seconds);
    }
}
