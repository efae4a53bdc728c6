package com.speedy.push.cli;

import com.speedy.push.config.SecretStore;
import com.speedy.push.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "config", mixinStandardHelpOptions = true,
        subcommands = {ConfigSetCommand.class, ConfigShowCommand.class},
        description = "The speedy packages' conffiles (/etc/speedy/PACKAGE.conf) on the hosts that run them, and their"
                + " secrets, kept encrypted with age beside the inventory (its secrets: section).",
        footer = {"", "Examples:", "  push config set speedy-app db.password --from-file ~/db-password",
            "  push config show speedy-app app1"})
final class ConfigCommand {
    /** The inventory's secret store, or a usage error saying what to add to which file. */
    static SecretStore store(Inventory inventory, CommandSpec spec) {
        return new SecretStore(inventory.secrets().orElseThrow(() -> new ParameterException(spec.commandLine(),
                inventory.file() + " has no secrets section: add secrets.recipients (the age public keys of the"
                        + " operators) and secrets.identity (your age private key file, outside its folder)")));
    }
}
