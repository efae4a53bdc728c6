package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The db alias block in /etc/hosts: everything outside it byte for byte as it was. */
class HostsFileTest {
    private static final String DEBIAN = "127.0.0.1\tlocalhost\n127.0.1.1\tapp1\n\n# The following lines are desirable"
            + " for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\n";

    @Test
    void theBlockIsAppendedOnceAndEveryOtherLineStaysByteForByte() {
        HostsFile set = HostsFile.of(DEBIAN).withAlias("10.213.7.11");

        assertThat(set.text()).startsWith(DEBIAN).endsWith(HostsFile.BEGIN + "\n10.213.7.11\tdb\n10.213.7.11\tdb-ro\n"
                + HostsFile.END + "\n");
        assertThat(set.alias()).contains("10.213.7.11");
        assertThat(set.readOnlyAlias()).as("one server: reads go to it too").contains("10.213.7.11");
        assertThat(set.withAlias("10.213.7.11").text()).as("idempotent").isEqualTo(set.text());
    }

    @Test
    void movingTheAliasReplacesTheBlockWhereItIsAndKeepsWhatFollowsIt() {
        String withBlock = HostsFile.of(DEBIAN).withAlias("10.213.7.11").text() + "10.0.0.9\tbackup # added later\n";

        HostsFile moved = HostsFile.of(withBlock).withAlias("10.213.7.12");

        assertThat(moved.alias()).contains("10.213.7.12");
        assertThat(moved.text()).isEqualTo(withBlock.replace("10.213.7.11\tdb", "10.213.7.12\tdb"));
    }

    @Test
    void readOnlyQueriesGoToTheStandbyAndASwitchoverMovesBothAliases() {
        HostsFile pair = HostsFile.of(DEBIAN).withAliases("10.213.7.11", "10.213.7.12");
        assertThat(pair.alias()).contains("10.213.7.11");
        assertThat(pair.readOnlyAlias()).contains("10.213.7.12");

        HostsFile switched = pair.withAliases("10.213.7.12", "10.213.7.11");

        assertThat(switched.alias()).contains("10.213.7.12");
        assertThat(switched.readOnlyAlias()).contains("10.213.7.11");
        assertThat(switched.text()).startsWith(DEBIAN);
        assertThatThrownBy(() -> pair.withAliases("10.213.7.11", "db2"))
                .hasMessageContaining("not an IP address: 'db2'");
    }

    @Test
    void aBlockWrittenBeforeDbRoExistedGainsItAndHasNoneUntilThen() {
        String old = DEBIAN + HostsFile.BEGIN + "\n10.213.7.11\tdb\n" + HostsFile.END + "\n";

        assertThat(HostsFile.of(old).readOnlyAlias()).isEmpty();
        assertThat(HostsFile.of(old).withAliases("10.213.7.11", "10.213.7.12").text()).isEqualTo(DEBIAN
                + HostsFile.BEGIN + "\n10.213.7.11\tdb\n10.213.7.12\tdb-ro\n" + HostsFile.END + "\n");
    }

    @Test
    void aFileWithoutItsLastNewlineOrAnAliasOutsideTheBlockIsHandledAndABrokenBlockRefused() {
        assertThat(HostsFile.of("127.0.0.1 localhost").withAlias("10.0.0.1").text())
                .startsWith("127.0.0.1 localhost\n" + HostsFile.BEGIN);
        assertThat(HostsFile.of("10.9.9.9 db\n").alias()).as("a db line push does not own").isEmpty();
        assertThatThrownBy(() -> HostsFile.of(HostsFile.BEGIN + "\n10.0.0.1\tdb\n").withAlias("10.0.0.2"))
                .hasMessageContaining("no '" + HostsFile.END + "'");
        assertThatThrownBy(() -> HostsFile.of("").withAlias("db1; rm -rf /")).hasMessageContaining("not an IP");
    }
}
