package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.SelectionException;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code HOST|GROUP... | --all}: the hosts a command acts on. The commands whose words mix packages and hosts
 * (install, upgrade, remove) take {@link AllHostsOption} alone and split their words with {@link Arguments}.
 */
final class TargetsMixin {
    @Parameters(paramLabel = "HOST|GROUP", arity = "0..*", description = "the hosts or groups (or --all)")
    List<String> names = List.of();

    @Mixin
    AllHostsOption allHosts;

    /** The hosts named, or all with --all; an unknown name or none at all is a {@link SelectionException}. */
    List<Host> select(Inventory inventory) throws SelectionException {
        return inventory.select(names, allHosts.all);
    }
}
