package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.push.cli.Push;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push config set on testbed hosts: a service whose conffile gets a secret from a file, through the age-encrypted
 * store beside the inventory. The secret must reach the service and nothing else: not push's output or logs, not the
 * host's process list or journal.
 */
@TestbedHosts({"cfg1", "cfg2"})
class ConfigIT {
    private static final String PACKAGE = "cfgtest";
    private static final String CONF = "/etc/speedy/" + PACKAGE + ".conf";
    /** The service: what its conffile's token is, as a hash, so that the proof holds no secret. */
    private static final String UNIT = "[Service]\nExecStart=/bin/sh -c \"sed -n 's/^token = //p' " + CONF
            + " | tr -d '\\\\n' | sha256sum | cut -d' ' -f1 > /run/cfgtest.seen; exec sleep infinity\"\n";

    @TempDir
    Path dir;

    @Test
    void aSecretFromAFileReachesTheServiceAndNothingElse(Testbed testbed) throws Exception {
        TestbedHost cfg1 = testbed.host("cfg1");
        TestbedHost cfg2 = testbed.host("cfg2");
        Path unit = Files.writeString(dir.resolve("cfgtest.service"), UNIT);
        cfg1.execWithInput(unit, "sh", "-c", "addgroup --system speedy >/dev/null 2>&1; mkdir -p /etc/speedy"
                + " && printf '# cfgtest\\n#token = none\\nport = 1\\n' > " + CONF + " && chown root:speedy " + CONF
                + " && chmod 0640 " + CONF + " && cat > /etc/systemd/system/cfgtest.service"
                + " && systemctl daemon-reload && systemctl restart cfgtest").orThrow();
        Path inventory = inventory(cfg1, cfg2);
        Path identity = dir.resolve("operator/age-identity.txt");
        String secret = "s3cret-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("token.txt"), secret + "\n");

        // A host without the conffile: refused before any change, the store untouched.
        PushRun refused = push("config", "set", PACKAGE, "token", "--from-file", file.toString(), "cfg1", "cfg2",
                "-i", inventory.toString());
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(refused.out()).contains("nothing was changed").contains("no " + CONF);
        assertThat(cfg1.read(CONF)).doesNotContain(secret);
        assertThat(dir.resolve("inventory/secrets")).doesNotExist();

        CompletableFuture<String> processes = CompletableFuture.supplyAsync(() -> cfg1.exec("sh", "-c",
                "for i in $(seq 1 80); do ps -eo args; sleep 0.1; done").stdout());
        PushRun set = push("config", "set", PACKAGE, "token", "--from-file", file.toString(), "cfg1", "-i",
                inventory.toString());
        assertThat(set.exitCode()).as(set.out()).isZero();
        assertThat(set.out()).containsPattern("cfg1\\s+changed\\s+token set in " + CONF);

        assertThat(cfg1.read("/run/cfgtest.seen").strip()).as("the service read it").isEqualTo(sha256(secret));
        assertThat(cfg1.exec("stat", "-c", "%a %U:%G", CONF).stdout().strip()).isEqualTo("640 root:speedy");
        assertThat(cfg1.read(CONF)).isEqualTo("# cfgtest\ntoken = " + secret + "\nport = 1\n");
        assertThat(set.out()).doesNotContain(secret);
        assertThat(processes.get()).as("the host's process list").contains("ps -eo args").doesNotContain(secret);
        assertThat(cfg1.exec("journalctl", "--no-pager", "-q").stdout()).doesNotContain(secret);
        try (Stream<Path> logs = Files.walk(dir.resolve("logs"))) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
            }
        }
        Path stored = dir.resolve("inventory/secrets/" + PACKAGE + "/token.age");
        assertThat(Files.readString(stored)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----").doesNotContain(secret);
        assertThat(LocalCommand.of("age", "-d", "-i", identity.toString(), stored.toString()).run().orThrow()
                .stdoutText()).isEqualTo(secret);

        PushRun show = PushRun.of(List.of(), "config", "show", PACKAGE, "cfg1", "-i", inventory.toString());
        assertThat(show.exitCode()).as(show.out()).isZero();
        assertThat(show.out()).contains("token = ********", "port = 1", "# in the store: token")
                .doesNotContain(secret);
        PushRun again = push("config", "set", PACKAGE, "token", "--from-file", file.toString(), "cfg1", "-i",
                inventory.toString());
        assertThat(again.out()).containsPattern("cfg1\\s+ok\\s+unchanged: token as set");

        // push killed once the conffile has the new value, before or after its restart: the next run makes sure the
        // service reads it (a run that only compared the file would call it "as set").
        String next = "n3xt-" + UUID.randomUUID();
        Path nextFile = Files.writeString(dir.resolve("next.txt"), next + "\n");
        cfg1.exec("cp", CONF, "/run/cfgtest.before").orThrow();
        Process killed = PushRun.process(dir.resolve("killed.out"), List.of("-i", inventory.toString(), "--log-dir",
                dir.resolve("logs").toString()), "config", "set", PACKAGE, "token", "--from-file", nextFile.toString(),
                "cfg1");
        int changed = cfg1.exec("sh", "-c", "for i in $(seq 1 1200); do cmp -s " + CONF + " /run/cfgtest.before"
                + " || exit 0; sleep 0.02; done; exit 1").exitStatus();
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(changed).as("config set changed the conffile before it was killed").isZero();
        PushRun finished = push("config", "set", PACKAGE, "token", "--from-file", nextFile.toString(), "cfg1", "-i",
                inventory.toString());
        assertThat(finished.exitCode()).as(finished.out()).isZero();
        assertThat(cfg1.read("/run/cfgtest.seen").strip()).as("the service read the new value")
                .isEqualTo(sha256(next));
        assertThat(cfg1.exec("test", "-e", "/var/lib/speedy-push/restart-pending/" + PACKAGE).exitStatus())
                .as("no restart left pending").isNotZero();
        PushRun settled = push("config", "set", PACKAGE, "token", "--from-file", nextFile.toString(), "cfg1", "-i",
                inventory.toString());
        assertThat(settled.out()).containsPattern("cfg1\\s+ok\\s+unchanged: token as set");
    }

    private Path inventory(TestbedHost cfg1, TestbedHost cfg2) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("inventory"));
        String text = TestbedInventory.ssh()
                + TestbedInventory.secrets(dir)
                + "groups:\n  app:\n    packages: [" + PACKAGE + "]\n"
                + "hosts:\n"
                + "  cfg1: {address: " + cfg1.address() + ", groups: [app]}\n"
                + "  cfg2: {address: " + cfg2.address() + ", groups: [app]}\n";
        return Files.writeString(folder.resolve("inventory.yaml"), text);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
