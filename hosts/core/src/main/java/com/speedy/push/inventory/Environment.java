package com.speedy.push.inventory;

import com.speedy.debian.Suite;
import java.util.Objects;

/** A stage of the release flow and the suite its hosts install from: {@code cauldron} on dev, production on stable. */
public record Environment(EnvironmentName name, Suite suite) {
    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(suite, "suite");
    }
}
