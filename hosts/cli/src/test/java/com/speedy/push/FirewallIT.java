package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push firewall on testbed hosts: a db host's rules from the roles, probed from an app host and from the monitoring
 * server, and a rule set that shuts push out, put back by the host itself.
 */
@TestbedHosts({"fw-db", "fw-app", "fw-mon"})
class FirewallIT {
    private static final String PUSH_ADDRESS = "10.213.7.1";
    /** Accepts (and closes) connections on PostgreSQL's, munin-node's and speedy-app's ports. */
    private static final String LISTENER = "import select, socket\n"
            + "listening = []\n"
            + "for port in (5432, 4949, 8080):\n"
            + "    s = socket.socket()\n"
            + "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "    s.bind(('0.0.0.0', port))\n"
            + "    s.listen(16)\n"
            + "    listening.append(s)\n"
            + "while True:\n"
            + "    for s in select.select(listening, [], [])[0]:\n"
            + "        s.accept()[0].close()\n";

    @TempDir
    Path dir;

    @Test
    void theRolesOpenWhatTheyNeedAndNothingElseAndRulesThatShutPushOutArePutBackByTheHost(Testbed testbed)
            throws Exception {
        TestbedHost db = testbed.host("fw-db");
        TestbedHost app = testbed.host("fw-app");
        TestbedHost mon = testbed.host("fw-mon");
        db.exec("sh", "-c", "nft delete table inet speedy 2>/dev/null; systemctl stop fw-listen 2>/dev/null; true");
        db.exec("systemd-run", "--unit=fw-listen", "python3", "-c", LISTENER).orThrow();
        awaitOpen(app, db, 5432);
        assertThat(open(mon, db, 5432)).as("before: open to everyone").isTrue();
        Path inventory = inventory(db, app, mon, PUSH_ADDRESS);

        PushRun show = PushRun.of(List.of(), "firewall", "show", "fw-db", "-i", inventory.toString());
        assertThat(show.exitCode()).as(show.out()).isZero();
        assertThat(show.out()).contains("fw-db (" + db.address() + "): inbound dropped but for")
                .containsPattern("tcp 22 +ssh +from " + PUSH_ADDRESS + " \\(firewall.operators\\)")
                .containsPattern("tcp 5432 +postgresql +from " + app.address()
                        + " \\(PostgreSQL, from the service, db and backup hosts\\)")
                .containsPattern("tcp 4949 +munin-node +from " + mon.address());

        PushRun dryRun = push("firewall", "apply", "fw-db", "--dry-run", "-i", inventory.toString());
        assertThat(dryRun.exitCode()).as(dryRun.out()).isZero();
        assertThat(dryRun.out()).contains("fw-db: ready; would apply 4 open port(s)");
        assertThat(db.exec("nft", "list", "tables").orThrow().stdout()).isEmpty();

        PushRun apply = push("firewall", "apply", "fw-db", "--confirm-within", "9", "-i", inventory.toString());
        assertThat(apply.exitCode()).as(apply.out()).isZero();
        assertThat(apply.out()).containsPattern("fw-db\\s+changed\\s+4 open port\\(s\\)");
        assertThat(open(app, db, 5432)).as("PostgreSQL from an app host").isTrue();
        assertThat(open(mon, db, 5432)).as("PostgreSQL from the monitoring server").isFalse();
        assertThat(open(mon, db, 4949)).as("munin-node from the monitoring server").isTrue();
        assertThat(open(app, db, 4949)).as("munin-node from an app host").isFalse();
        assertThat(open(app, db, 8080)).as("speedy-app's port on a db host").isFalse();
        // The host's own rollback was stopped: the rules stay past the window, and they load at boot.
        Thread.sleep(11_000);
        String marker = db.exec("nft", "list", "table", "inet", "speedy").orThrow().stdout();
        assertThat(marker).contains("comment \"push firewall ");
        assertThat(db.exec("systemctl", "is-enabled", "speedy-firewall.service").stdout().strip()).isEqualTo("enabled");
        PushRun again = push("firewall", "apply", "fw-db", "-i", inventory.toString());
        assertThat(again.out()).containsPattern("fw-db\\s+ok\\s+unchanged: 4 open port\\(s\\)");

        // ssh only from an address push does not have: the new login fails, and the host puts the old rules back.
        Path wrong = inventory(db, app, mon, "10.213.7.250");
        String persisted = db.read("/etc/speedy/firewall.nft");
        PushRun shutOut = push("firewall", "apply", "fw-db", "--confirm-within", "9", "-i", wrong.toString());
        assertThat(shutOut.exitCode()).as(shutOut.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(shutOut.out()).contains("the host put its old rules back by itself after 9 s");
        assertThat(db.exec("nft", "list", "table", "inet", "speedy").orThrow().stdout()).isEqualTo(marker);
        assertThat(db.read("/etc/speedy/firewall.nft")).isEqualTo(persisted);

        // push killed (SIGKILL) once the new rules are live: after the window they are either gone (the host put the
        // old ones back by itself) or proven (the kill came after push stopped the timer), never armed to vanish
        // later; and the next run finishes the job (the rules made to last across reboots).
        Path wider = inventory(db, app, mon, PUSH_ADDRESS + ", 10.213.7.251");
        Process killed = PushRun.process(dir.resolve("killed.out"), List.of("-i", wider.toString(), "--log-dir",
                dir.resolve("logs").toString()), "firewall", "apply", "fw-db", "--confirm-within", "9");
        int live = db.exec("sh", "-c", "for i in $(seq 1 1200); do nft list table inet speedy | grep -q 10.213.7.251"
                + " && exit 0; sleep 0.02; done; exit 1").exitStatus();
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(live).as("the new rules went live before push was killed").isZero();
        Thread.sleep(12_000);
        String rules = db.exec("nft", "list", "table", "inet", "speedy").orThrow().stdout();
        boolean kept = rules.contains("10.213.7.251");
        System.out.println("FirewallIT: after the kill the host has " + (kept ? "the new rules, proven"
                : "its old rules back") + "; persisted: " + (db.read("/etc/speedy/firewall.nft")
                .contains("10.213.7.251") ? "new" : "old"));
        assertThat(db.exec("systemctl", "show", "-P", "SubState", "speedy-firewall-rollback.timer").orThrow()
                .stdout().strip()).as("no rollback left armed").isNotEqualTo("waiting");
        if (!kept) {
            assertThat(rules).isEqualTo(marker);
        }
        PushRun after = push("firewall", "apply", "fw-db", "--confirm-within", "9", "-i", wider.toString());
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(db.read("/etc/speedy/firewall.nft")).contains("10.213.7.251");
    }

    /** Whether {@code from} can open a TCP connection to {@code to}'s {@code port} within 3 s. */
    private static boolean open(TestbedHost from, TestbedHost to, int port) {
        return from.exec("timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + to.address() + "/" + port)
                .exitStatus() == 0;
    }

    private static void awaitOpen(TestbedHost from, TestbedHost to, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!open(from, to, port)) {
            assertThat(System.nanoTime()).as(to + " listens on " + port).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private Path inventory(TestbedHost db, TestbedHost app, TestbedHost mon, String operator) throws Exception {
        String text = TestbedInventory.ssh(TestbedInventory.knownHosts(), "  connect_timeout: 3s\n")
                + "firewall:\n  operators: [" + operator + "]\n"
                + "groups:\n  db:\n  app:\n    packages: [speedy-app]\n"
                + "hosts:\n"
                + "  fw-db: {address: " + db.address() + ", groups: [db]}\n"
                + "  fw-app: {address: " + app.address() + ", groups: [app]}\n"
                + "  fw-mon: {address: " + mon.address() + "}\n"
                + "monitoring:\n  server: fw-mon\n";
        return Files.writeString(Files.createTempFile(dir, "inventory-", ".yaml"), text);
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
