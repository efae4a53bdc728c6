package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push db alias on real hosts: /etc/hosts rewritten in push's block only, checked by the hosts' own resolver; db points
 * only at the group db's running primary (pair-db1, with pair-db2 its standby), unless --force says why.
 */
@TestbedHosts({"host1", "host2", "pair-db1", "pair-db2"})
class DbAliasIT {
    private static final String BEGIN = "# BEGIN speedy db alias";

    @TempDir
    Path dir;

    private List<TestbedHost> hosts;
    private TestbedHost primary;
    private TestbedHost standby;
    private Map<TestbedHost, String> original;
    private Path inventory;

    @BeforeEach
    void inventory(Testbed testbed) throws Exception {
        primary = testbed.host("pair-db1");
        standby = testbed.host("pair-db2");
        hosts = List.of(testbed.host("host1"), testbed.host("host2"), primary, standby);
        original = new HashMap<>();
        for (TestbedHost host : hosts) {
            original.put(host, host.read("/etc/hosts"));
        }
        inventory = Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh()
                + "groups:\n  db:\n  app:\n"
                + "hosts:\n"
                + "  host1:\n    address: " + hosts.get(0).address() + "\n    groups: [app]\n"
                + "  host2:\n    address: " + hosts.get(1).address() + "\n    groups: [app]\n"
                + "  pair-db1:\n    address: " + primary.address() + "\n    groups: [db]\n"
                + "  pair-db2:\n    address: " + standby.address() + "\n    groups: [db]\n");
        StandbyPair.ensure(primary, standby, inventory);
    }

    @AfterEach
    void restore() throws Exception {
        for (TestbedHost host : hosts) {
            Path copy = Files.writeString(dir.resolve(host.name() + ".hosts"), original.get(host));
            host.upload(copy, "/etc/hosts");
        }
    }

    @Test
    void aliasSetPointsDbAtTheRunningPrimaryEverywhereLeavingEveryOtherLineByteIdenticalAndShowAgrees() {
        String db = primary.address();

        PushRun set = push("db", "alias", "set", "pair-db1");

        assertThat(set.exitCode()).as(set.out()).isZero();
        for (TestbedHost host : hosts) {
            String now = host.read("/etc/hosts");
            assertThat(outsideBlock(now)).as(host.name()).isEqualTo(original.get(host));
            assertThat(host.exec("getent", "ahosts", "db").stdout()).startsWith(db + " ");
            assertThat(host.read("/etc/hosts.speedy-previous")).isEqualTo(original.get(host));
        }
        assertThat(set.out()).contains("check: pair-db1 is the group db's only running primary");
        PushRun again = push("db", "alias", "set", "pair-db1");
        assertThat(again.out()).containsPattern("host1\\s+ok\\s+db already " + db.replace(".", "\\."));
        PushRun show = push("db", "alias", "show");
        assertThat(show.exitCode()).as(show.out()).isZero();
        assertThat(show.out()).containsPattern("host1\\s+" + db.replace(".", "\\.") + "\\s+pair-db1");
    }

    @Test
    void aliasSetToTheStandbyAnAppHostOrAStoppedFormerPrimaryIsRefusedNamingItAndChangesNoHost() throws Exception {
        assertThat(push("db", "alias", "set", "pair-db1").exitCode()).isZero();
        String before = StandbyPair.hostsFiles(hosts);

        PushRun toStandby = push("db", "alias", "set", "pair-db2");
        PushRun toApp = push("db", "alias", "set", "host1");
        PushRun dryRun = push("db", "alias", "set", "pair-db2", "--dry-run");

        assertThat(toStandby.exitCode()).as(toStandby.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(toStandby.out()).startsWith("push db alias set: refused: pair-db2 runs as a standby (read-only);"
                + " db must point at the running primary: push db alias set pair-db1. Nothing was changed;")
                .hasLineCount(1);
        assertThat(toApp.exitCode()).as(toApp.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(toApp.out()).startsWith("push db alias set: refused: host1 is not a host of the group db")
                .hasLineCount(1);
        assertThat(dryRun.exitCode()).as(dryRun.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(dryRun.out()).contains("refused: pair-db2 runs as a standby", "Nothing was changed (dry run)");
        assertThat(StandbyPair.hostsFiles(hosts)).as("every host's /etc/hosts and its previous copy").isEqualTo(before);

        primary.exec("systemctl", "stop", "postgresql@15-main").orThrow();
        try {
            PushRun toStopped = push("db", "alias", "set", "pair-db1");

            assertThat(toStopped.exitCode()).as(toStopped.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(toStopped.out()).startsWith("push db alias set: refused: pair-db1 is not running as a primary"
                    + " (pair-db1 stopped cleanly").contains("the group db has no running primary").hasLineCount(1);
            assertThat(StandbyPair.hostsFiles(hosts)).as("every host's /etc/hosts and its previous copy").isEqualTo(before);
        } finally {
            primary.exec("systemctl", "start", "postgresql@15-main").orThrow();
            StandbyPair.awaitStreaming(primary, standby);
        }
    }

    @Test
    void forceWithAReasonPointsDbAtTheStandbyAllTheSameAndTheReasonIsPrintedAndLogged() throws Exception {
        String reason = "drill: the apps read from the standby for an hour";

        PushRun forced = push("db", "alias", "set", "pair-db2", "--force", reason);

        assertThat(forced.exitCode()).as(forced.out()).isZero();
        assertThat(forced.out()).contains("check failed (pair-db2 runs as a standby (read-only);", "forced: " + reason);
        assertThat(hosts.get(0).exec("getent", "ahosts", "db").stdout()).startsWith(standby.address() + " ");
        try (Stream<Path> runs = Files.list(dir.resolve("logs"))) {
            Path run = runs.filter(p -> p.getFileName().toString().endsWith("-db-alias-set")).findFirst().orElseThrow();
            assertThat(run.resolve("run.log")).content().contains("forced: " + reason);
        }
    }

    @Test
    void showFlagsAHostThatDisagreesAndSetMovesItBack() {
        assertThat(push("db", "alias", "set", "pair-db1").exitCode()).isZero();
        TestbedHost host1 = hosts.get(0);
        host1.exec("sed", "-i", "s/^" + primary.address() + "\tdb$/" + host1.address() + "\tdb/", "/etc/hosts")
                .orThrow();

        PushRun show = push("db", "alias", "show");

        assertThat(show.exitCode()).isEqualTo(Push.SOME_FAILED);
        assertThat(show.out()).containsPattern("host1\\s+" + host1.address().replace(".", "\\.") + "\\s+host1\\s+"
                + primary.address().replace(".", "\\.") + "\\s+pair-db1\\s+DISAGREES");
        PushRun set = push("db", "alias", "set", "pair-db1");
        assertThat(set.out()).containsPattern("host1\\s+changed\\s+db -> " + primary.address().replace(".", "\\."));
        assertThat(push("db", "alias", "show").exitCode()).isZero();
    }

    @Test
    void aLookupThatWaitsForAnUnreachableNameServerIsBoundedAndUnknownNeverAgreeing() throws Exception {
        TestbedHost host2 = hosts.get(1);
        String resolvConf = host2.read("/etc/resolv.conf");
        // A name server nobody answers for, on the bridge: without a bound, getent waits 2 x 5 s for it.
        Path slow = Files.writeString(dir.resolve("resolv.conf"),
                "nameserver 10.213.7.254\noptions timeout:5 attempts:2\n");
        host2.execWithInput(slow, "sh", "-c", "cat > /etc/resolv.conf").orThrow();
        // db not in /etc/hosts (the test's end puts the file back), so the lookup goes on to the name server.
        host2.exec("sed", "-i", "/[[:space:]]db$/d", "/etc/hosts").orThrow();
        try {
            long started = System.nanoTime();
            PushRun show = push("db", "alias", "show");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            assertThat(show.exitCode()).as(show.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(show.out())
                    .containsPattern("host2\\s+-\\s+-\\s+\\S+\\s+\\S+\\s+unknown: getent ahosts db did not answer"
                            + " within 3 s");
            assertThat(seconds).as("bounded by the 3 s timeout, not the name server's 10 s").isLessThan(9);
        } finally {
            Path copy = Files.writeString(dir.resolve("resolv.conf.original"), resolvConf);
            host2.execWithInput(copy, "sh", "-c", "cat > /etc/resolv.conf").orThrow();
        }
    }

    /** The file with push's block taken out: what it was before push touched it. */
    private static String outsideBlock(String hosts) {
        int begin = hosts.indexOf(BEGIN);
        int end = hosts.indexOf("# END speedy db alias\n", begin);
        return hosts.substring(0, begin) + hosts.substring(end + "# END speedy db alias\n".length());
    }
    private PushRun push(String... args) {
        List<String> extra = new ArrayList<>(List.of("-i", inventory.toString()));
        if (args[2].equals("set")) { // logs of commands that change hosts go where the test's files go
            extra.addAll(List.of("--log-dir", dir.resolve("logs").toString()));
        }
        return PushRun.of(extra, args);
    }
}
