package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** push db replica's preconditions, decided from what both hosts showed, before anything changes. */
class ReplicaPlanTest {
    private static final String DIR = "/var/lib/postgresql/15/main";
    private static final ReplicaPlan.PrimaryFacts PRIMARY = primary(true);

    @Test
    void aStoppedHostHoldingNothingIsEmptiedAndCloned() {
        ReplicaPlan plan = ReplicaPlan.decide(PRIMARY, standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.NOTHING),
                false);

        assertThat(plan.refused()).as(plan.checks().toString()).isFalse();
        assertThat(plan.action()).isEqualTo(ReplicaPlan.DataAction.EMPTY);
        assertThat(plan.checks()).extracting(ReplicaPlan.Check::text).contains("db2 holds no data of its own: fresh;"
                + " it is emptied and cloned");
    }

    @Test
    void dataOfItsOwnIsRefusedNamingTheCommandThatMovesItAside() {
        ReplicaPlan plan = ReplicaPlan.decide(PRIMARY, standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.OWN_DATA),
                false);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.checks()).filteredOn(c -> !c.passed()).extracting(ReplicaPlan.Check::text)
                .containsExactly("db2 holds data of its own: database speedy (oid 16384). To keep it, choose another"
                        + " host; to rebuild db2 as a standby of db1 anyway, with " + DIR + " moved aside (renamed, not"
                        + " deleted): push db replica db2 --from db1 --discard-data");
    }

    @Test
    void aDirectoryThatCannotBeReadIsRefusedUnlessItIsMovedAside() {
        ReplicaPlan.StandbyFacts unreadable = standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.UNKNOWN);

        assertThat(ReplicaPlan.decide(PRIMARY, unreadable, false).refused()).isTrue();
        assertThat(ReplicaPlan.decide(PRIMARY, unreadable, false).checks().toString())
                .contains("cannot tell whether db2 holds data");
        ReplicaPlan discard = ReplicaPlan.decide(PRIMARY, unreadable, true);
        assertThat(discard.refused()).isFalse();
        assertThat(discard.action()).isEqualTo(ReplicaPlan.DataAction.MOVE_ASIDE);
    }

    @Test
    void aRunningPrimaryIsNeverReplacedEvenWithDiscardData() {
        ReplicaPlan plan = ReplicaPlan.decide(PRIMARY, standby(ReplicaPlan.Role.PRIMARY, DataDirectory.Kind.NOTHING),
                true);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.checks().toString()).contains("db2 runs as a primary (not in recovery)",
                "systemctl stop postgresql@15-main on db2");
        assertThat(ReplicaPlan.decide(PRIMARY, standby(ReplicaPlan.Role.UNKNOWN, DataDirectory.Kind.NOTHING), true)
                .refused()).as("a role that could not be asked").isTrue();
    }

    @Test
    void fromAHostThatIsNotARunningPrimaryOrCouldNotBeAskedIsRefused() {
        ReplicaPlan.StandbyFacts fresh = standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.NOTHING);

        assertThat(ReplicaPlan.decide(primary(false), fresh, false).checks().toString())
                .contains("db1 is not a running primary: db1 standby");
        ReplicaPlan unasked = ReplicaPlan.decide(ReplicaPlan.PrimaryFacts.failed(host("db1"), "connection refused"),
                fresh, false);
        assertThat(unasked.refused()).isTrue();
        assertThat(unasked.checks().toString()).contains("db1 could not be asked: connection refused");
        assertThat(ReplicaPlan.decide(PRIMARY, ReplicaPlan.StandbyFacts.failed(host("db2"), "timeout"), true)
                .refused()).isTrue();
    }

    @Test
    void anUnfinishedCloneIsReplacedWithoutDiscardData() {
        ReplicaPlan plan = ReplicaPlan.decide(PRIMARY,
                standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.UNFINISHED_CLONE), false);

        assertThat(plan.refused()).isFalse();
        assertThat(plan.action()).isEqualTo(ReplicaPlan.DataAction.EMPTY);
    }

    @Test
    void anotherMajorVersionOrNoPgBasebackupIsRefused() {
        ReplicaPlan.StandbyFacts fresh = standby(ReplicaPlan.Role.STOPPED, DataDirectory.Kind.NOTHING);
        ReplicaPlan.StandbyFacts older = new ReplicaPlan.StandbyFacts(fresh.host(), "", "13", fresh.role(),
                fresh.roleDetail(), fresh.unit(), fresh.data(), true);
        ReplicaPlan.StandbyFacts without = new ReplicaPlan.StandbyFacts(fresh.host(), "", "15", fresh.role(),
                fresh.roleDetail(), fresh.unit(), fresh.data(), false);

        assertThat(ReplicaPlan.decide(PRIMARY, older, false).checks().toString())
                .contains("db2's cluster is PostgreSQL 13, db1's is 15");
        assertThat(ReplicaPlan.decide(PRIMARY, without, false).refused()).isTrue();
    }

    @Test
    void theReplicationPasswordIsReusedOnlyWhenThePassfileHoldsExactlyOneOfPushs() {
        String pass = "abcdefghijklmnopqrstuvwxyz012345";

        assertThat(ReplicaJobs.passwordIn("10.0.0.1:5432:*:replicator:" + pass + "\n10.0.0.2:5432:*:replicator:"
                + pass + "\n")).contains(pass);
        assertThat(ReplicaJobs.passwordIn("")).isEmpty();
        assertThat(ReplicaJobs.passwordIn("a:5432:*:replicator:" + pass + "\nb:5432:*:replicator:" + pass + "x\n"))
                .as("two passwords").isEmpty();
        assertThat(ReplicaJobs.passwordIn("a:5432:*:replicator:it's'\n")).as("not push's alphabet").isEmpty();
    }

    private static ReplicaPlan.PrimaryFacts primary(boolean runningPrimary) {
        DbNode node = new DbNode(host("db1"), true, !runningPrimary, false, Optional.of(Lsn.parse("0/5000100")),
                Optional.empty(), false, List.of(), "wal_level=replica max_wal_senders=10", "");
        return new ReplicaPlan.PrimaryFacts(host("db1"), "", Optional.of(node), "15", "local all postgres peer\n",
                Optional.empty());
    }

    private static ReplicaPlan.StandbyFacts standby(ReplicaPlan.Role role, DataDirectory.Kind kind) {
        String detail = switch (kind) {
            case NOTHING -> "fresh";
            case OWN_DATA -> "database speedy (oid 16384)";
            case UNFINISHED_CLONE -> "an unfinished copy";
            case UNKNOWN -> DIR + " holds files but no PG_VERSION";
        };
        return new ReplicaPlan.StandbyFacts(host("db2"), "", "15", role, "its PostgreSQL is stopped",
                "postgresql@15-main", Optional.of(new DataDirectory(DIR, kind, detail)), true);
    }

    /** db1 at 10.0.0.1, db2 at 10.0.0.2. */
    private static Host host(String name) {
        return assertDoesNotThrow(() -> new Host(HostName.parse(name), "10.0.0." + name.substring(2), 22, "root",
                List.of(), Optional.empty(), Optional.empty(), List.of()));
    }
}
