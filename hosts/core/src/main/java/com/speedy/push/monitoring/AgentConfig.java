package com.speedy.push.monitoring;

import com.speedy.push.files.MarkedBlock;
import java.util.List;

/**
 * The agents' allow lists: Debian's munin-node answers only 127.0.0.1 and NRPE only localhost; push adds the
 * inventory's monitoring server and nothing else.
 */
final class AgentConfig {
    static final String MUNIN_NODE_CONF = "/etc/munin/munin-node.conf";
    static final String NRPE_DROP_IN = "/etc/nagios/nrpe.d/push-allowed-hosts.cfg";
    static final String BEGIN = "# BEGIN push monitoring install: the monitoring server may ask";
    static final String END = "# END push monitoring install";
    private static final MarkedBlock BLOCK = new MarkedBlock(BEGIN, END);

    private AgentConfig() {}

    /** munin-node.conf with push's block of {@code cidr_allow} lines (replaced, or appended); every other line kept. */
    static String muninNodeConf(String current, List<String> servers) {
        return BLOCK.applyTo(current, servers.stream()
                .map(server -> "cidr_allow " + server + (server.contains(":") ? "/128" : "/32")).toList());
    }

    /** NRPE's drop-in: its allowed_hosts lines add to those of nrpe.cfg (localhost). */
    static String nrpeDropIn(List<String> servers) {
        return "# Written by push monitoring install: the monitoring server may ask; localhost stays in nrpe.cfg.\n"
                + "allowed_hosts=" + String.join(",", servers) + "\n";
    }
}
