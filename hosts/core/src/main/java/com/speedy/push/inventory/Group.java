package com.speedy.push.inventory;

import java.util.List;
import java.util.Objects;

/** A group of hosts, usually a role ({@code app}, {@code db}), and the packages every host in it should run. */
public record Group(GroupName name, List<PackageSpec> packages) {
    public Group {
        Objects.requireNonNull(name, "name");
        packages = List.copyOf(packages);
    }
}
