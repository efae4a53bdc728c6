package com.speedy.push.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The balancers and their pool, from an inventory, and the pool file nginx includes. */
class LbPoolTest {
    private static final String HEAD = """
            ssh:
              user: root
              agent: true
            groups:
              lb:
                packages: [speedy-lb]
              app:
                packages: [speedy-app, speedy-notifier]
              db:
            hosts:
            """;

    @Test
    void thePoolIsEveryHostThatRunsTheAppAndHostsOutOfItAreDown() throws Exception {
        LbPool pool = LbPool.of(inventory("""
                  lb1: {address: 10.0.0.5, groups: [lb]}
                  app1: {address: 10.0.0.21, groups: [app]}
                  db1: {address: 10.0.0.11, groups: [db]}
                  app2: {address: "fd00::22", groups: [app]}
                  solo: {address: solo.speedy.example, packages: [speedy-app]}
                """));

        assertThat(pool.balancers()).extracting(h -> h.name().toString()).containsExactly("lb1");
        assertThat(pool.members()).extracting(h -> h.name().toString()).containsExactly("app1", "app2", "solo");
        assertThat(pool.file(Set.of(HostName.parse("app2")))).isEqualTo("""
                # Written by push (push lb sync, push upgrade --rolling) from the inventory; the next sync overwrites it.
                server 10.0.0.21:8080 max_fails=1 fail_timeout=5s;  # app1
                server [fd00::22]:8080 down;  # app2: out of the pool
                server solo.speedy.example:8080 max_fails=1 fail_timeout=5s;  # solo
                """);
    }

    @Test
    void anInventoryWithoutABalancerOrWithoutAnAppHostIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> LbPool.of(inventory("  app1: {address: 10.0.0.21, groups: [app]}\n")))
                .isInstanceOf(InvalidLbSetupException.class)
                .hasMessageContaining("no host of inventory.yaml is in the group lb");
        assertThatThrownBy(() -> LbPool.of(inventory("  lb1: {address: 10.0.0.5, groups: [lb]}\n"
                + "  db1: {address: 10.0.0.11, groups: [db]}\n")))
                .isInstanceOf(InvalidLbSetupException.class)
                .hasMessageContaining("no host of inventory.yaml runs speedy-app: the balancers' pool would be empty");
    }

    private static Inventory inventory(String hosts) throws Exception {
        return Inventory.parse(Path.of("inventory.yaml"), HEAD + hosts, Path.of("/root"));
    }
}
