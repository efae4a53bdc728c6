package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What switchover and failover read from the hosts: WAL positions, the pair's state, the app's settings and health. */
class PairStateTest {
    @Test
    void walPositionsParseCompareAndSubtractAsPostgresPrintsThem() {
        Lsn checkpoint = Lsn.parse("0/3000028");
        Lsn later = Lsn.parse("1/A0");

        assertThat(later.bytesAfter(checkpoint)).isEqualTo(0x1_0000_00A0L - 0x3000028L);
        assertThat(later).isGreaterThan(checkpoint);
        assertThat(Lsn.parse("16/B374D848")).hasToString("16/B374D848");
        for (String bad : List.of("", "0", "0/", "/1", "g/1", "123456789/0", "0/1/2")) {
            assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void aStandbyIsFoundStreamingInItsPrimarysListWithItsReplayPosition() {
        DbNode primary = running("db1", false, List.of("db2 streaming 0/5000060", "db3 catchup 0/4000000"));

        assertThat(primary.streamsTo("db2")).isTrue();
        assertThat(primary.streamsTo("db3")).as("catching up is not streaming").isFalse();
        assertThat(primary.streamsTo("db")).isFalse();
        assertThat(primary.replayedBy("db2")).contains(Lsn.parse("0/5000060"));
        assertThat(primary.describe()).isEqualTo("db1 primary at 0/5000100, streaming to db2 streaming 0/5000060,"
                + " db3 catchup 0/4000000");
    }

    @Test
    void onlyAStoppedFencedNonStandbyIsAFencedPrimary() {
        DbNode fenced = new DbNode(host("db1"), false, false, true, Optional.of(Lsn.parse("0/3000028")),
                Optional.empty(), true, List.of(), "", "");

        assertThat(fenced.fencedPrimary()).isTrue();
        assertThat(fenced.describe()).isEqualTo("db1 stopped cleanly, fenced, last checkpoint 0/3000028");
        assertThat(DbNode.unreachable(host("db1"), "connect timed out").fencedPrimary()).isFalse();
        assertThat(running("db1", false, List.of()).fencedPrimary()).isFalse();
    }

    @Test
    void settingsAndPgHbaRulesThatDifferAreNamedWithBothValues() {
        DbNode a = withSettings("db1", "max_connections=100 wal_level=replica hba: local all postgres peer");
        DbNode b = withSettings("db2", "max_connections=50 wal_level=replica hba: local all postgres peer; host all"
                + " all 0.0.0.0 0.0.0.0 trust");

        assertThat(DbNode.differences(a, b)).containsExactly("max_connections=100 on db1, max_connections=50 on db2",
                "pg_hba.conf rules differ: db1 [local all postgres peer], db2 [local all postgres peer; host all all"
                        + " 0.0.0.0 0.0.0.0 trust]");
        assertThat(DbNode.differences(a, a)).isEmpty();
    }

    private static DbNode running(String name, boolean standby, List<String> streams) {
        return new DbNode(host(name), true, standby, false, Optional.of(Lsn.parse("0/5000100")), Optional.empty(),
                false, streams, "", "");
    }

    private static DbNode withSettings(String name, String settings) {
        return new DbNode(host(name), true, false, false, Optional.empty(), Optional.empty(), false, List.of(),
                settings, "");
    }

    private static Host host(String name) {
        try {
            return new Host(HostName.parse(name), "10.0.0.1", 22, "root", List.of(), Optional.empty(),
                    Optional.empty(), List.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
