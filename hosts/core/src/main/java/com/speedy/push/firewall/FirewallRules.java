package com.speedy.push.firewall;

import com.speedy.push.app.AppHost;
import com.speedy.push.db.DbGroup;
import com.speedy.push.db.PairChange;
import com.speedy.push.inventory.Firewall;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.lb.LbPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One host's inbound rules, from the inventory's roles: ssh from {@code firewall.operators}; http on the balancers
 * (group {@code lb}), or on the app hosts when there is no balancer (else speedy-app's port from the balancers only);
 * PostgreSQL on the db hosts from the hosts running the services, the other db hosts and the backup server;
 * munin-node and NRPE from the monitoring server, and its web pages (http) from {@code firewall.operators}.
 * Everything else inbound is dropped; loopback, ICMP and the replies to the host's own connections pass.
 */
public record FirewallRules(Host host, List<Rule> rules) {
    /** The nftables table push owns; nothing else on the host is touched. */
    public static final String TABLE = "inet speedy";
    public static final int HTTP = 80;
    public static final int POSTGRESQL = 5432;
    public static final int MUNIN_NODE = 4949;
    public static final int NRPE = 5666;

    /**
     * One open port.
     *
     * @param sources the addresses or networks it is open to; empty for anywhere
     * @param why the role that opens it, as {@code show} says it
     */
    public record Rule(String service, int port, List<String> sources, String why) {
        public Rule {
            sources = List.copyOf(sources);
        }
    }

    public FirewallRules {
        rules = List.copyOf(rules);
    }

    /**
     * The rules for {@code host}.
     *
     * @throws InvalidFirewallException if a host whose address a rule needs is named by DNS name, not an IP address
     */
    public static FirewallRules of(Inventory inventory, Firewall firewall, Host host) throws InvalidFirewallException {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule("ssh", host.port(), firewall.operators(), "firewall.operators"));
        List<Host> balancers = inventory.hosts().stream().filter(h -> h.isIn(LbPool.group())).toList();
        if (host.isIn(LbPool.group())) {
            rules.add(new Rule("http", HTTP, List.of(), "speedy-lb: group " + LbPool.GROUP));
        }
        if (LbPool.runsTheApp(host)) {
            rules.add(balancers.isEmpty()
                    ? new Rule("speedy-app", AppHost.DEFAULT_PORT, List.of(), "speedy-app, and no balancer in the"
                            + " inventory")
                    : new Rule("speedy-app", AppHost.DEFAULT_PORT, addresses(balancers), "speedy-app, from the"
                            + " balancers"));
        }
        if (host.isIn(DbGroup.name())) {
            Set<Host> clients = new LinkedHashSet<>(inventory.hostsRunning(PairChange.SERVICES));
            clients.addAll(DbGroup.members(inventory));
            inventory.backup().flatMap(b -> inventory.host(b.server())).ifPresent(clients::add);
            clients.remove(host);
            if (!clients.isEmpty()) {
                rules.add(new Rule("postgresql", POSTGRESQL, addresses(List.copyOf(clients)), "PostgreSQL, from the"
                        + " service, db and backup hosts"));
            }
        }
        Optional<HostName> monitor = inventory.monitoring().map(m -> m.server());
        // The monitoring pages (a balancer's port 80 is open to everyone already; push monitoring config refuses it).
        if (monitor.isPresent() && monitor.get().equals(host.name()) && !host.isIn(LbPool.group())) {
            rules.add(new Rule("http", HTTP, firewall.operators(), "the monitoring pages, for firewall.operators"));
        }
        if (monitor.isPresent() && !monitor.get().equals(host.name())) {
            List<String> server = addresses(List.of(inventory.host(monitor.get()).orElseThrow()));
            rules.add(new Rule("munin-node", MUNIN_NODE, server, "the monitoring server"));
            rules.add(new Rule("nrpe", NRPE, server, "the monitoring server"));
        }
        return new FirewallRules(host, rules);
    }

    /** The nft script: the table made anew in one transaction (nft -f applies a file all or nothing). */
    public String nft() {
        String body = body();
        return "# Written by push firewall apply from the inventory's roles; a second run rewrites it.\n"
                + "table " + TABLE + "\ndelete table " + TABLE + "\n"
                + "table " + TABLE + " {\n    comment \"" + marker() + "\"\n" + body + "}\n";
    }

    /** What the table's comment says once these rules are in force: how a host is asked which rules it has. */
    public String marker() {
        return "push firewall " + sha256(body()).substring(0, 16);
    }

    private String body() {
        StringBuilder chain = new StringBuilder();
        chain.append("    chain input {\n")
                .append("        type filter hook input priority filter; policy drop;\n")
                .append("        ct state established,related accept\n")
                .append("        ct state invalid drop\n")
                .append("        iif \"lo\" accept\n")
                .append("        meta l4proto { icmp, ipv6-icmp } accept\n");
        for (Rule rule : rules) {
            String comment = " accept comment \"" + rule.service() + ": " + rule.why() + "\"\n";
            if (rule.sources().isEmpty()) {
                chain.append("        tcp dport ").append(rule.port()).append(comment);
                continue;
            }
            List<String> v4 = rule.sources().stream().filter(s -> !s.contains(":")).toList();
            List<String> v6 = rule.sources().stream().filter(s -> s.contains(":")).toList();
            if (!v4.isEmpty()) {
                chain.append("        ip saddr { ").append(String.join(", ", v4)).append(" } tcp dport ")
                        .append(rule.port()).append(comment);
            }
            if (!v6.isEmpty()) {
                chain.append("        ip6 saddr { ").append(String.join(", ", v6)).append(" } tcp dport ")
                        .append(rule.port()).append(comment);
            }
        }
        return chain.append("    }\n").toString();
    }


    private static List<String> addresses(List<Host> hosts) throws InvalidFirewallException {
        List<String> addresses = new ArrayList<>();
        for (Host h : hosts) {
            if (!Firewall.isNetwork(h.address())) {
                throw new InvalidFirewallException("host " + h.name() + " has the address " + h.address() + ", a"
                        + " name: a firewall rule needs its IP address (write it in the inventory's hosts." + h.name()
                        + ".address)");
            }
            addresses.add(h.address());
        }
        return addresses;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
