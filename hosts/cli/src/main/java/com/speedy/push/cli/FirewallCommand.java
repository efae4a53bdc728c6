package com.speedy.push.cli;

import com.speedy.push.firewall.FirewallRules;
import com.speedy.push.firewall.InvalidFirewallException;
import com.speedy.push.inventory.Firewall;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "firewall", mixinStandardHelpOptions = true,
        subcommands = {FirewallShowCommand.class, FirewallApplyCommand.class},
        description = "Each host's inbound firewall (nftables, table inet speedy), from the inventory's roles: ssh from"
                + " firewall.operators only; http on the balancers (group lb), or on the app hosts when there is no"
                + " balancer (else speedy-app's port 8080 from the balancers only); PostgreSQL on the db hosts from the"
                + " hosts running the services, the other db hosts and the backup server; munin-node and NRPE from"
                + " the monitoring server. Everything else inbound is dropped.",
        footer = {"", "Examples:", "  push firewall show db1", "  push firewall apply --all --dry-run",
            "  push firewall apply --all"})
final class FirewallCommand {
    /** Each selected host's rules, or a usage error naming what to change in the inventory. */
    static Map<HostName, FirewallRules> rules(Inventory inventory, List<Host> hosts, CommandSpec spec) {
        Firewall firewall = inventory.firewall().orElseThrow(() -> new ParameterException(spec.commandLine(),
                inventory.file() + " has no firewall section: add firewall.operators, the addresses that ssh is open"
                        + " to (where operators and push log in from)"));
        Map<HostName, FirewallRules> rules = new LinkedHashMap<>();
        for (Host host : hosts) {
            try {
                rules.put(host.name(), FirewallRules.of(inventory, firewall, host));
            } catch (InvalidFirewallException e) {
                throw new ParameterException(spec.commandLine(), inventory.file() + ": " + e.getMessage());
            }
        }
        return rules;
    }
}
