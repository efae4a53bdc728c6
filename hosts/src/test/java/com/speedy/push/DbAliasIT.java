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
