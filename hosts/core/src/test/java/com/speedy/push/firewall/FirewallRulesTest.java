package com.speedy.push.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {
    private static final String PRODUCTION = """
            ssh: {user: deploy, keys: [/k]}
            firewall: {operators: [192.0.2.10, '2001:db8::/48']}
            groups:
              app: {packages: [speedy-app, speedy-notifier, speedy-jobs]}
              jobs: {packages: [speedy-jobs]}
              db:
              lb: {packages: [speedy-lb]}
              backup: {packages: [speedy-backup]}
            hosts:
              lb1: {address: 10.0.0.5, groups: [lb]}
              db1: {address: 10.0.0.11, groups: [db]}
              db2: {address: 10.0.0.12, groups: [db]}
              app1: {address: 10.0.0.21, groups: [app]}
              app2: {address: 10.0.0.22, groups: [app]}
              worker1: {address: 10.0.0.23, groups: [jobs]}
              mon1: {address: 10.0.0.31}
              backup1: {address: 10.0.0.41, groups: [backup]}
            monitoring: {server: mon1}
            backup: {server: backup1}
            """;

    @Test
    void eachRoleOpensItsPortsToWhoNeedsThemOnly() throws Exception {
        Inventory inv = inventory(PRODUCTION);

        assertThat(rules(inv, "db1")).containsExactly(
                "ssh 22 [192.0.2.10, 2001:db8::/48]",
                "postgresql 5432 [10.0.0.21, 10.0.0.22, 10.0.0.23, 10.0.0.12, 10.0.0.41]",
                "munin-node 4949 [10.0.0.31]", "nrpe 5666 [10.0.0.31]");
        assertThat(rules(inv, "lb1")).containsExactly("ssh 22 [192.0.2.10, 2001:db8::/48]", "http 80 []",
                "munin-node 4949 [10.0.0.31]", "nrpe 5666 [10.0.0.31]");
        assertThat(rules(inv, "app1")).containsExactly("ssh 22 [192.0.2.10, 2001:db8::/48]",
                "speedy-app 8080 [10.0.0.5]", "munin-node 4949 [10.0.0.31]", "nrpe 5666 [10.0.0.31]");
        assertThat(rules(inv, "mon1")).as("the monitoring pages, for the operators only")
                .containsExactly("ssh 22 [192.0.2.10, 2001:db8::/48]", "http 80 [192.0.2.10, 2001:db8::/48]");
    }

    @Test
    void aMonitoringServerThatIsABalancerHasItsPort80OpenToAllOnce() throws Exception {
        Inventory inv = inventory(PRODUCTION.replace("monitoring: {server: mon1}", "monitoring: {server: lb1}"));
        assertThat(rules(inv, "lb1")).containsExactly("ssh 22 [192.0.2.10, 2001:db8::/48]", "http 80 []");
    }

    @Test
    void withoutABalancerTheAppIsOpenToEveryone() throws Exception {
        Inventory inv = inventory(PRODUCTION.replace("  lb1: {address: 10.0.0.5, groups: [lb]}\n", ""));
        assertThat(rules(inv, "app1")).contains("speedy-app 8080 []");
    }

    @Test
    void theScriptReplacesPushsTableInOneTransactionAndSplitsIpv4FromIpv6() throws Exception {
        FirewallRules db1 = FirewallRules.of(inventory(PRODUCTION), inventory(PRODUCTION).firewall().orElseThrow(),
                inventory(PRODUCTION).host(HostName.parse("db1")).orElseThrow());
        assertThat(db1.nft()).startsWith("# Written by push firewall apply")
                .contains("table inet speedy\ndelete table inet speedy\ntable inet speedy {\n    comment \""
                        + db1.marker() + "\"\n")
                .contains("type filter hook input priority filter; policy drop;")
                .contains("ip saddr { 192.0.2.10 } tcp dport 22 accept")
                .contains("ip6 saddr { 2001:db8::/48 } tcp dport 22 accept");
        assertThat(db1.marker()).matches("push firewall [0-9a-f]{16}");
    }

    @Test
    void aHostNamedByDnsIsRefusedWhereARuleNeedsItsAddress() throws Exception {
        Inventory inv = inventory(PRODUCTION.replace("mon1: {address: 10.0.0.31}", "mon1: {address: mon1.example}"));
        assertThatThrownBy(() -> FirewallRules.of(inv, inv.firewall().orElseThrow(),
                inv.host(HostName.parse("db1")).orElseThrow())).isInstanceOf(InvalidFirewallException.class)
                .hasMessageContaining("host mon1 has the address mon1.example, a name");
    }

    private static List<String> rules(Inventory inv, String host) throws Exception {
        return FirewallRules.of(inv, inv.firewall().orElseThrow(), inv.host(HostName.parse(host)).orElseThrow())
                .rules().stream().map(r -> r.service() + " " + r.port() + " " + r.sources()).toList();
    }

    private static Inventory inventory(String text) throws Exception {
        return Inventory.parse(Path.of("inventory.yaml"), text, Path.of("/root"));
    }
}
