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
 * @param bastion what push reaches it through: its own {@code jump}, else {@code ssh.jump}; empty: directly
 */
public record Host(HostName name, String address, int port, String user, List<GroupName> groups,
        Optional<EnvironmentName> environment, Optional<Suite> suite, List<PackageSpec> packages,
        Optional<Bastion> bastion) {
    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bastion, "bastion");
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

    /** A host push reaches directly. */
    public Host(HostName name, String address, int port, String user, List<GroupName> groups,
            Optional<EnvironmentName> environment, Optional<Suite> suite, List<PackageSpec> packages) {
        this(name, address, port, user, groups, environment, suite, packages, Optional.empty());
    }

    Host through(Optional<Bastion> through) {
        return new Host(name, address, port, user, groups, environment, suite, packages, through);
    }

    public boolean isIn(GroupName group) {
        return groups.contains(group);
    }
}
