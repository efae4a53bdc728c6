package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** db may point only at the group db's one running primary; anything unknown is a refusal. */
class AliasTargetTest {
    private static final Host DB1 = host("db1", "10.0.0.1", true);
    private static final Host DB2 = host("db2", "10.0.0.2", true);
    private static final Host APP1 = host("app1", "10.0.0.3", false);
    private static final List<Host> GROUP = List.of(DB1, DB2);

    @Test
    void theOnlyRunningPrimaryIsAllowed() {
        AliasTarget verdict = AliasTarget.judge(DB1, GROUP, List.of(primary(DB1), standby(DB2)));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.reason()).isEqualTo("db1 is the group db's only running primary");
    }

    @Test
    void aLoneDatabaseHostThatRunsAsPrimaryIsAllowed() {
        assertThat(AliasTarget.judge(DB1, List.of(DB1), List.of(primary(DB1))).allowed()).isTrue();
    }

    @Test
    void aStandbyIsRefusedNamingThePrimaryToUseInstead() {
        AliasTarget verdict = AliasTarget.judge(DB2, GROUP, List.of(primary(DB1), standby(DB2)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("db2 runs as a standby (read-only); db must point at the running"
                + " primary: push db alias set db1");
    }

    @Test
    void aHostOutsideTheGroupIsRefusedWithoutAskingAnything() {
        AliasTarget verdict = AliasTarget.judge(APP1, GROUP, List.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).startsWith("app1 is not a host of the group db");
    }

    @Test
    void aStoppedFormerPrimaryIsRefused() {
        DbNode stopped = new DbNode(DB1, false, false, true, Optional.of(Lsn.parse("0/3000028")), Optional.empty(),
                true, List.of(), "", "");

        AliasTarget verdict = AliasTarget.judge(DB1, GROUP, List.of(stopped, standby(DB2)));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("db1 is not running as a primary (db1 stopped cleanly, fenced, last"
                + " checkpoint 0/3000028); the group db has no running primary");
    }

    @Test
    void twoRunningPrimariesRefuseEitherAndSaySo() {
        List<DbNode> both = List.of(primary(DB1), primary(DB2));

        for (Host target : GROUP) {
            AliasTarget verdict = AliasTarget.judge(target, GROUP, both);
            assertThat(verdict.allowed()).as(target.name().toString()).isFalse();
            assertThat(verdict.reason()).startsWith("two writable primaries: db1 and db2 both run as primaries");
        }
    }

    @Test
    void aDatabaseHostThatCouldNotBeAskedIsARefusalNotAPass() {
        AliasTarget verdict = AliasTarget.judge(DB1, GROUP, List.of(primary(DB1),
                DbNode.unreachable(DB2, "connect timed out")));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("could not ask db2 unreachable (connect timed out): whether db1 is the"
                + " only running primary is unknown");
    }

    private static DbNode primary(Host host) {
        return new DbNode(host, true, false, false, Optional.of(Lsn.parse("0/5000100")), Optional.empty(), false,
                List.of(), "", "");
    }

    private static DbNode standby(Host host) {
        return new DbNode(host, true, true, false, Optional.of(Lsn.parse("0/5000100")), Optional.empty(), false,
                List.of(), "", "");
    }

    private static Host host(String name, String address, boolean db) {
        try {
            return new Host(HostName.parse(name), address, 22, "root", db ? List.of(GroupName.parse("db")) : List.of(),
                    Optional.empty(), Optional.empty(), List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
