package com.speedy.push.inventory;

import static com.speedy.push.inventory.InventoryTest.parse;
import static com.speedy.push.inventory.InventoryTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ssh.jump} and a host's own {@code jump}: the bastion push reaches a host through, as OpenSSH's ProxyJump. */
class JumpTest {
    private static Optional<Bastion> bastionOf(Inventory inventory, String host) throws Exception {
        return inventory.host(HostName.parse(host)).orElseThrow().bastion();
    }

    @Test
    void withoutJumpEveryHostIsReachedDirectly() throws Exception {
        Inventory inventory = parse("""
                ssh: {user: deploy, keys: [/k]}
                hosts:
                  app1: {address: 10.0.0.21}
                """);

        assertThat(bastionOf(inventory, "app1")).isEmpty();
    }

    @Test
    void sshJumpNamingAnInventoryHostTakesItsAddressPortAndUserAndLeavesThatHostDirect() throws Exception {
        Inventory inventory = parse("""
                ssh: {user: deploy, keys: [/k], jump: gate}
                hosts:
                  gate: {address: 203.0.113.5, port: 2222, user: ops}
                  app1: {address: 10.0.0.21}
                  app2: {address: 10.0.0.22, jump: none}
                """);

        assertThat(bastionOf(inventory, "app1")).contains(new Bastion("ops", "203.0.113.5", 2222,
                Optional.of(HostName.parse("gate"))));
        assertThat(bastionOf(inventory, "app1").orElseThrow()).hasToString("ops@203.0.113.5:2222");
        assertThat(bastionOf(inventory, "gate")).isEmpty();
        assertThat(bastionOf(inventory, "app2")).isEmpty();
    }

    @Test
    void aHostsOwnJumpWinsOverSshJumpAndAnAddressWithoutUserTakesTheHostsLoginUser() throws Exception {
        Inventory inventory = parse("""
                ssh: {user: deploy, keys: [/k], jump: admin@bastion.example:2200}
                hosts:
                  app1: {address: 10.0.0.21}
                  app2: {address: 10.0.0.22, user: root, jump: 198.51.100.7}
                  app3: {address: 10.0.0.23, jump: jump.example}
                """);

        assertThat(bastionOf(inventory, "app1")).contains(new Bastion("admin", "bastion.example", 2200,
                Optional.empty()));
        assertThat(bastionOf(inventory, "app2")).contains(new Bastion("root", "198.51.100.7", 22, Optional.empty()));
        assertThat(bastionOf(inventory, "app3").orElseThrow()).hasToString("deploy@jump.example");
    }

    @Test
    void badValuesAreReportedAtTheirLineAndColumnNamingTheKey() {
        assertThat(problems("""
                ssh: {user: deploy, keys: [/k], jump: "bastion.example:99999"}
                hosts:
                  gate: {address: 203.0.113.5}
                  app1: {address: 10.0.0.21, jump: gaet}
                  app2: {address: 10.0.0.22, jump: "Deploy@gate.example"}
                  app3: {address: 10.0.0.23, jump: "a b"}
                  app4: {address: 10.0.0.24, jump: [gate]}
                  app5:
                    address: 10.0.0.25
                    jump:
                """)).containsExactly(
                "1:39: ssh.jump: '99999' in 'bastion.example:99999' is not a port number (1 to 65535)",
                "4:36: hosts.app1.jump: 'gaet' is no host of the inventory; for a machine outside it, write its"
                        + " user or a DNS name or IP address with dots, e.g. deploy@gaet",
                "5:36: hosts.app2.jump: 'Deploy' in 'Deploy@gate.example' is not a user name",
                "6:36: hosts.app3.jump: 'a b' is not " + Jump.EXPECTED,
                "7:36: hosts.app4.jump: expected " + Jump.EXPECTED + ", found a list",
                "10:10: hosts.app5.jump: no value; expected " + Jump.EXPECTED);
    }

    @Test
    void anUnknownKeyNextToJumpStillFailsListingTheKnownOnes() {
        assertThat(problems("""
                ssh: {user: deploy, keys: [/k], jmup: gate}
                hosts:
                  gate: {address: 203.0.113.5}
                """)).containsExactly("1:33: ssh.jmup: unknown key; known here: user, known_hosts, keys, agent,"
                        + " connect_timeout, command_timeout, jump");
    }

    @Test
    void aHostIsNotItsOwnBastionAndABastionIsNotReachedThroughAnother() {
        assertThat(problems("""
                ssh: {user: deploy, keys: [/k]}
                hosts:
                  gate: {address: 203.0.113.5, jump: outer}
                  outer: {address: 198.51.100.1}
                  app1: {address: 10.0.0.21, jump: app1}
                  app2: {address: 10.0.0.22, jump: gate}
                """)).containsExactly(
                "5:30: hosts.app1.jump: names the host itself; write none to reach it directly",
                "6:30: hosts.app2.jump: gate, the bastion, is itself reached through a bastion, and push goes"
                        + " through one only; give gate jump: none");
        assertThat(problems("""
                ssh: {user: deploy, keys: [/k], jump: gate}
                hosts:
                  gate: {address: 203.0.113.5, jump: outer.example}
                  app1: {address: 10.0.0.21}
                  app2: {address: 10.0.0.22}
                """)).containsExactly("1:33: ssh.jump: gate, the bastion, is itself reached through a bastion, and"
                + " push goes through one only; give gate jump: none");
    }
}
