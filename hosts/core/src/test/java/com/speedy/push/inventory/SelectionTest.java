package com.speedy.push.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Command-line targets (HOST|GROUP..., or all) to hosts. */
class SelectionTest {
    private final Inventory inventory = InventoryTest.parse("""
            ssh: {user: root, agent: true}
            groups:
              app:
              db:
              monitoring:
              spare:
            hosts:
              db1: {address: 10.0.0.11, groups: [db]}
              db2: {address: 10.0.0.12, groups: [db]}
              app1: {address: 10.0.0.21, groups: [app]}
              app2: {address: 10.0.0.22, groups: [app, monitoring]}
            """);

    SelectionTest() throws InventoryException {}

    private List<String> select(List<String> names, boolean all) throws SelectionException {
        return inventory.select(names, all).stream().map(h -> h.name().toString()).toList();
    }

    @Test
    void hostsAndGroupsSelectEachHostOnceInTheOrderOfTheFile() throws Exception {
        assertThat(select(List.of("app1"), false)).containsExactly("app1");
        assertThat(select(List.of("db"), false)).containsExactly("db1", "db2");
        assertThat(select(List.of("app2", "db", "app", "db1"), false)).containsExactly("db1", "db2", "app1", "app2");
        assertThat(select(List.of("monitoring", "app"), false)).containsExactly("app1", "app2");
    }

    @Test
    void allSelectsEveryHostButNotTogetherWithNames() throws Exception {
        assertThat(select(List.of(), true)).containsExactly("db1", "db2", "app1", "app2");
        assertThatThrownBy(() -> select(List.of("db"), true)).isInstanceOf(SelectionException.class)
                .hasMessage("name hosts or groups, or all hosts, not both");
        assertThatThrownBy(() -> select(List.of(), false)).isInstanceOf(SelectionException.class)
                .hasMessage("no hosts named: name hosts or groups, or all hosts");
    }

    @Test
    void unknownNamesAreReportedTogetherWithWhatTheInventoryHas() {
        assertThatThrownBy(() -> select(List.of("app1", "app3", "web", "db"), false))
                .isInstanceOfSatisfying(SelectionException.class, e -> {
                    assertThat(e.names()).containsExactly("app3", "web");
                    assertThat(e.getMessage()).isEqualTo("no host or group named app3 (did you mean app?), web in "
                            + Path.of("/etc/push/inventory.yaml") + "; hosts: db1, db2, app1, app2;"
                            + " groups: app, db, monitoring, spare");
                });
    }

    @Test
    void aGroupWithoutHostsSelectsNothingAndSaysSo() {
        assertThatThrownBy(() -> select(List.of("app", "spare"), false))
                .isInstanceOfSatisfying(SelectionException.class, e -> {
                    assertThat(e.names()).containsExactly("spare");
                    assertThat(e.getMessage()).isEqualTo("no host is in group spare");
                });
    }
}
