package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.Repository;
import com.speedy.push.rollout.AptSourceJob;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "apt-source", mixinStandardHelpOptions = true,
        description = "Installs the repository's source entry and its public keyring (Signed-By) on hosts, then fetches"
                + " its package lists: what a fresh host needs before its first install.",
        footer = {"", "Example:", "  push apt-source --all"})
final class AptSourceCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Mixin
    TargetsMixin targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Repository repository = inv.repository().orElseThrow(() -> new ParameterException(spec.commandLine(),
                inv.file() + " names no repository: add repository.url, suite and keyring"));
        return Sessions.change(inv, rollout, "apt-source", targets.select(inv), job(inv, repository, spec),
                spec.commandLine().getOut());
    }

    /** The job for the inventory's repository, its keyring read here: a bad keyring is an error before any host. */
    static AptSourceJob job(Inventory inv, Repository repository, CommandSpec spec) throws IOException {
        if (!Files.isReadable(repository.keyring())) {
            throw new ParameterException(spec.commandLine(), "repository.keyring " + repository.keyring()
                    + " in " + inv.file() + " cannot be read: it is the repository's conf/archive-keyring.gpg");
        }
        return new AptSourceJob(repository, Files.readAllBytes(repository.keyring()));
    }
}
