package com.speedy.push.monitoring;

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

    private AgentConfig() {}

    /** munin-node.conf with push's block of {@code cidr_allow} lines (replaced, or appended); every other line kept. */
    static String muninNodeConf(String current, List<String> servers) {
        int begin = current.indexOf(BEGIN);
        int end = begin < 0 ? -1 : current.indexOf(END, begin);
        String rest = begin < 0 || end < 0 ? current
                : current.substring(0, begin) + current.substring(Math.min(current.length(),
                        current.indexOf('\n', end) < 0 ? current.length() : current.indexOf('\n', end) + 1));
        StringBuilder block = new StringBuilder(BEGIN).append('\n');
        for (String server : servers) {
            block.append("cidr_allow ").append(server).append(server.contains(":") ? "/128" : "/32").append('\n');
        }
        block.append(END).append('\n');
        return (rest.isEmpty() || rest.endsWith("\n") ? rest : rest + "\n") + block;
    }

    /** NRPE's drop-in: its allowed_hosts lines add to those of nrpe.cfg (localhost). */
    static String nrpeDropIn(List<String> servers) {
        return "# Written by push monitoring install: the monitoring server may ask; localhost stays in nrpe.cfg.\n"
                + "allowed_hosts=" + String.join(",", servers) + "\n";
    }
}
