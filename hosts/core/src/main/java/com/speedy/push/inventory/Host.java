package com.speedy.push.inventory;

import com.speedy.debian.Suite;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A host as push reaches it and what it should run, with the inventory's defaults and groups already applied.
 *
 * @param user the login user: the host's own, else {@code ssh.user}
 * @param suite the suite it installs from: its environment's, else {@code repository.suite}; empty only when the
 *     inventory names neither (the testbed's inventory has no repository)
 * @param packages what it should run: its own entries, then its groups' (a package it names itself wins)
 */
public record Host(HostName name, String address, int port, String user, List<GroupName> groups,
        Optional<EnvironmentName> environment, Optional<Suite> suite, List<PackageSpec> packages) {
    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(suite, "suite");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + name + " is not from 1 to 65535");
        }
        groups = List.copyOf(groups);
        packages = List.copyOf(packages);
    }

    public boolean isIn(GroupName group) {
        return groups.contains(group);
    }
}
