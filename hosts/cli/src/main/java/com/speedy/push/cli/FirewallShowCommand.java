package com.speedy.push.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.speedy.push.firewall.FirewallRules;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints each host's open ports and who may reach them, as push firewall apply would set them;"
                + " reads the inventory only, connects nowhere."},
        footer = {"", "Examples:", "  push firewall show --all", "  push firewall show db1 --nft", "  push firewall"
                + " show app --json"})
final class FirewallShowCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    TargetsMixin targets;

    @Option(names = "--nft", description = "print the nft script that apply loads instead")
    boolean nft;

    @Option(names = "--json", description = "one object per host, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Map<HostName, FirewallRules> rules = FirewallCommand.rules(inv, targets.select(inv), spec);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> hosts = new ArrayList<>();
            for (FirewallRules r : rules.values()) {
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("host", r.host().name().toString());
                host.put("marker", r.marker());
                host.put("open", r.rules());
                hosts.add(host);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(hosts));
        } else {
            for (FirewallRules r : rules.values()) {
                if (nft) {
                    out.println("# " + r.host().name());
                    out.print(r.nft());
                    continue;
                }
                out.println(r.host().name() + " (" + r.host().address() + "): inbound dropped but for");
                for (FirewallRules.Rule rule : r.rules()) {
                    out.printf("  tcp %-5d %-11s from %s (%s)%n", rule.port(), rule.service(),
                            rule.sources().isEmpty() ? "anywhere" : String.join(", ", rule.sources()), rule.why());
                }
            }
        }
        out.flush();
        return 0;
    }
}
