package com.speedy.push.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rolling upgrade's plan and its refusals, which come before it reaches any host (it is given no sessions). */
class RollingUpgradeTest {
    private static final Duration BOUND = Duration.ofSeconds(1);

    @Test
    void theCanaryBatchComesFirstThenBatchesOfTheSerialSize() throws Exception {
        Inventory inv = inventory(5);
        RollingUpgrade rolling = rolling(inv, new RollingUpgrade.Options(2, 1, 0, BOUND, BOUND));

        assertThat(rolling.batches(apps(inv))).extracting(b -> b.stream().map(h -> h.name().toString()).toList())
                .containsExactly(List.of("app1", "app2"), List.of("app3"), List.of("app4"), List.of("app5"));
    }

    @Test
    void aBatchThatWouldLeaveNoHostServingAndAHostOutsideThePoolAreRefusedBeforeAnyHostIsReached() throws Exception {
        Inventory inv = inventory(2);

        assertThatThrownBy(() -> rolling(inv, new RollingUpgrade.Options(2, 1, 0, BOUND, BOUND)).run(apps(inv)))
                .isInstanceOf(RollingUpgrade.Stopped.class)
                .hasMessage("a batch of 2 would leave no app host serving: the pool has 2 (at least one must serve"
                        + " while a batch is out). Nothing was changed.");
        assertThatThrownBy(() -> rolling(inv, new RollingUpgrade.Options(1, 1, 0, BOUND, BOUND)).run(inv.hosts()))
                .isInstanceOf(RollingUpgrade.Stopped.class)
                .hasMessageStartingWith("lb1 is not in the balancers' pool (it runs no speedy-app)");
        assertThatThrownBy(() -> new RollingUpgrade.Options(0, 1, 0, BOUND, BOUND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--canary");
    }

    private static RollingUpgrade rolling(Inventory inv, RollingUpgrade.Options options) throws Exception {
        return new RollingUpgrade(LbPool.of(inv), null, null, options, (host, step) -> { });
    }

    private static List<Host> apps(Inventory inv) {
        return inv.hosts().stream().filter(LbPool::runsTheApp).toList();
    }

    private static Inventory inventory(int apps) throws Exception {
        StringBuilder text = new StringBuilder("ssh:\n  user: root\n  agent: true\ngroups:\n  lb:\n  app:\n"
                + "    packages: [speedy-app]\nhosts:\n  lb1: {address: 10.0.0.5, groups: [lb]}\n");
        for (int i = 1; i <= apps; i++) {
            text.append("  app").append(i).append(": {address: 10.0.0.2").append(i).append(", groups: [app]}\n");
        }
        return Inventory.parse(Path.of("inventory.yaml"), text.toString(), Path.of("/root"));
    }
}
