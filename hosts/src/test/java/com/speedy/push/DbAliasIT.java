package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push db alias on real hosts: /etc/hosts rewritten in push's block only, checked by the hosts' own resolver. */
@TestbedHosts({"host1", "host2"})
class DbAliasIT {
    private static final String BEGIN = "# BEGIN speedy db alias";

    @TempDir
    Path dir;

    private List<TestbedHost> hosts;
    private Map<TestbedHost, String> original;
    private Path inventory;

    @BeforeEach
    void inventory(Testbed testbed) throws Exception {
        hosts = List.of(testbed.host("host1"), testbed.host("host2"));
        original = Map.of(hosts.get(0), hosts.get(0).read("/etc/hosts"), hosts.get(1), hosts.get(1).read("/etc/hosts"));
        inventory = Files.writeString(dir.resolve("inventory.yaml"), TestbedInventory.ssh()
                + "hosts:\n"
                + "  host1:\n    address: " + hosts.get(0).address() + "\n"
                + "  host2:\n    address: " + hosts.get(1).address() + "\n");
    }

    @AfterEach
    void restore() throws Exception {
        for (TestbedHost host : hosts) {
            Path copy = Files.writeString(dir.resolve(host.name() + ".hosts"), original.get(host));
            host.upload(copy, "/etc/hosts");
        }
    }

    @Test
    void aliasSetPointsDbAtTheHostEverywhereLeavingEveryOtherLineByteIdenticalAndShowAgrees() {
        String db = hosts.get(1).address();

        PushRun set = push("db", "alias", "set", "host2");

        assertThat(set.exitCode()).as(set.out()).isZero();
        for (TestbedHost host : hosts) {
            String now = host.read("/etc/hosts");
            assertThat(outsideBlock(now)).as(host.name()).isEqualTo(original.get(host));
            assertThat(host.exec("getent", "ahosts", "db").stdout()).startsWith(db + " ");
            assertThat(host.read("/etc/hosts.speedy-previous")).isEqualTo(original.get(host));
        }
        PushRun again = push("db", "alias", "set", "host2");
        assertThat(again.out()).containsPattern("host1\\s+ok\\s+db already " + db.replace(".", "\\."));
        PushRun show = push("db", "alias", "show");
        assertThat(show.exitCode()).as(show.out()).isZero();
        assertThat(show.out()).containsPattern("host1\\s+" + db.replace(".", "\\.") + "\\s+host2");
    }

    @Test
    void showFlagsAHostThatDisagreesAndSetMovesItBack() {
        push("db", "alias", "set", "host2");
        TestbedHost host1 = hosts.get(0);
        host1.exec("sed", "-i", "s/^" + hosts.get(1).address() + "\tdb$/" + host1.address() + "\tdb/", "/etc/hosts")
                .orThrow();

        PushRun show = push("db", "alias", "show");

        assertThat(show.exitCode()).isEqualTo(Push.SOME_FAILED);
        assertThat(show.out()).containsPattern("host1\\s+" + host1.address().replace(".", "\\.") + "\\s+host1\\s+DISAGREES");
        PushRun set = push("db", "alias", "set", "host2");
        assertThat(set.out()).containsPattern("host1\\s+changed\\s+db -> " + hosts.get(1).address().replace(".", "\\."));
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
                    .containsPattern("host2\\s+-\\s+-\\s+unknown: getent ahosts db did not answer within 3 s");
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
