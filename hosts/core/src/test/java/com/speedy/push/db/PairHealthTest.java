package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** push db status's verdict on the pair: healthy only when the standby streams from the one primary. */
class PairHealthTest {
    private static final Host DB1 = host("db1", "10.0.0.1");
    private static final Host DB2 = host("db2", "10.0.0.2");

    @Test
    void aStandbyStreamingFromThePrimaryThatListsItIsHealthy() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1, "db2"), standby(DB2, "streaming 10.0.0.1")));

        assertThat(pair.healthy()).isTrue();
        assertThat(pair.line()).isEqualTo("pair: healthy");
    }

    @Test
    void oneDatabaseHostAloneIsHealthyWithNoStandby() {
        assertThat(PairHealth.of(List.of(primary(DB1))).line()).isEqualTo("pair: healthy");
    }

    @Test
    void aStandbyWithNoWalReceiverAndAPrimaryWithNoStandbyAreBroken() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1), standby(DB2, "")));

        assertThat(pair.healthy()).isFalse();
        assertThat(pair.line()).isEqualTo("pair: BROKEN: db2 (standby) has no WAL receiver: it receives nothing from"
                + " db1; db1 (primary) has no standby attached");
    }

    @Test
    void aWalReceiverThatIsNotStreamingIsBroken() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1), standby(DB2, "waiting 10.0.0.1")));

        assertThat(pair.reasons()).containsExactly("db2's WAL receiver is waiting, not receiving from db1",
                "db1 (primary) has no standby attached");
    }

    @Test
    void aStandbyReceivingFromAnotherHostIsBroken() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1, "db2"), standby(DB2, "streaming 10.0.0.9")));

        assertThat(pair.reasons()).containsExactly("db2 receives WAL from 10.0.0.9, not from db1 (10.0.0.1)");
    }

    @Test
    void aPrimaryThatListsOtherStandbysButNotThisOneIsBroken() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1, "db3"), standby(DB2, "streaming 10.0.0.1")));

        assertThat(pair.reasons()).containsExactly("db1 (primary) does not list db2 among its standbys");
    }

    @Test
    void twoPrimariesAreBroken() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1), primary(DB2)));

        assertThat(pair.reasons()).containsExactly("two primaries: db1 and db2 both accept writes");
    }

    @Test
    void noPrimaryIsBroken() {
        PairHealth pair = PairHealth.of(List.of(standby(DB1, ""), standby(DB2, "")));

        assertThat(pair.reasons()).containsExactly("no primary among db1, db2");
    }

    @Test
    void aHostThatCouldNotBeAskedIsBrokenNotSkipped() {
        PairHealth alone = PairHealth.of(List.of(DbHostStatus.unanswered(DB1, "PostgreSQL did not answer: exit 2")));
        PairHealth pair = PairHealth.of(List.of(primary(DB1, "db2"),
                DbHostStatus.unanswered(DB2, "unreachable: connect timed out")));

        assertThat(alone.reasons()).containsExactly("db1 could not be asked (PostgreSQL did not answer: exit 2)");
        assertThat(pair.reasons()).containsExactly("db2 could not be asked (unreachable: connect timed out)");
    }

    @Test
    void noReasonSaysStreamingSoTheTableStaysTheOnlyPlaceThatDoes() {
        PairHealth pair = PairHealth.of(List.of(primary(DB1), standby(DB2, "waiting 10.0.0.1")));

        assertThat(pair.line()).doesNotContain(" streaming");
    }

    private static DbHostStatus primary(Host host, String... streaming) {
        return new DbHostStatus(host, "primary", "1", "", "", List.of(streaming), "");
    }

    private static DbHostStatus standby(Host host, String receiver) {
        return new DbHostStatus(host, "standby", "1", "replay delay 0 s", receiver, List.of(), "");
    }

    private static Host host(String name, String address) {
        try {
            return new Host(HostName.parse(name), address, 22, "root", List.of(), Optional.empty(), Optional.empty(),
                    List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
