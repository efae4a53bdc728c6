package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.cli.Push;
import com.speedy.push.sudo.RootPrograms;
import com.speedy.push.sudo.RootScript;
import com.speedy.push.sudo.SudoHelper;
import com.speedy.repo.cli.RepoTool;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From testbed hosts as they boot (root's ssh key only: no deploy user, no repository, PostgreSQL installed but not
 * set up) to fleet members with push's commands alone: bootstrap, the secret, db init, the packages, the standby. The
 * times from bare to an app host that writes and to a streaming standby are the figures (printed).
 */
@TestbedHosts({"bare-db1", "bare-db2", "bare-app"})
class BareHostsIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String DEPLOY = "deploy";
    private static final List<String> PACKAGES = List.of("speedy-app", "speedy-notifier", "speedy-jobs");
    /** What a refused command must leave as it was: PostgreSQL's configuration and data, and /etc/hosts. */
    /**
     * What push db init would change on a db host: PostgreSQL's configuration, /etc/hosts, and the data directory's
     * settings and role files (its other files change with every record a standby replays, push or not).
     */
    private static final String FINGERPRINT = "{ find /etc/postgresql /etc/hosts -xdev -printf '%p %s %T@ %m %u:%g\\n';"
            + " cd /var/lib/postgresql/15/main && ls -A && sha256sum postgresql.auto.conf PG_VERSION"
            + " && find . -maxdepth 1 -name '*.signal' -printf '%p %T@\\n'; } | sort | sha256sum";

    @TempDir
    Path dir;

    @Test
    void bareHostsBecomeAnAppHostThatWritesAndAPairWithPushAlone(Testbed testbed) throws Exception {
        TestbedHost db1 = testbed.host("bare-db1");
        TestbedHost db2 = testbed.host("bare-db2");
        TestbedHost app = testbed.host("bare-app");
        Path repo = dir.resolve("apt");
        SleeperPackage.initRepository(repo);
        List<String> publish = new ArrayList<>(List.of("publish", "-r", repo.toString(), "--suite", "dev"));
        PACKAGES.forEach(p -> publish.add(BuiltDebs.of(p).toString()));
        assertThat(RepoTool.commandLine().execute(publish.toArray(String[]::new))).isZero();
        HttpServer server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        try {
            Path inventory = inventory(repo, server.getAddress().getPort(), db1, db2, app);
            String password = "pw-" + UUID.randomUUID().toString().replace("-", "");
            Path file = Files.writeString(dir.resolve("db-password"), password + "\n");

            // The password is kept before any host has the packages; db init reads it from the store.
            Instant started = Instant.now();
            for (String name : PACKAGES) {
                ok(push("config", "set", name, "db.password", "--from-file", file.toString(), "--store-only", "-i",
                        inventory.toString()));
            }
            // Every host of the inventory at once: db init asks the whole group db and points db on every host.
            ok(push("bootstrap", "bare-db1", "bare-db2", "bare-app", "-i", inventory.toString()));
            Duration bootstrap = Duration.between(started, Instant.now());
            PushRun dryRun = ok(push("db", "init", "bare-db1", "--dry-run", "-i", inventory.toString()));
            assertThat(dryRun.out()).contains("would change: settings listen_addresses=*", "pg_hba: 1 app host(s)",
                    "role speedy and its password", "database speedy", "would point db at " + db1.address());
            // push killed right after its first change (pg_hba.conf): the next run finishes the job.
            Process killed = PushRun.process(dir.resolve("killed.out"), List.of("-i", inventory.toString(),
                    "--log-dir", dir.resolve("logs").toString()), "db", "init", "bare-db1");
            TestbedHost db1Inside = db1.inside();
            int changed = db1Inside.exec("sh", "-c", "for i in $(seq 1 1200); do grep -q '^# BEGIN push db init'"
                    + " /etc/postgresql/15/main/pg_hba.conf && exit 0; sleep 0.05; done; exit 1").exitStatus();
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(changed).as("db init changed pg_hba.conf before it was killed").isZero();
            PushRun init = ok(push("db", "init", "bare-db1", "-i", inventory.toString()));
            assertThat(init.out()).containsPattern("bare-db1\\s+changed\\s+changed: ")
                    .containsPattern("bare-app\\s+changed");
            ok(push("upgrade", "bare-app", "-i", inventory.toString()));
            for (String name : PACKAGES) {
                ok(push("config", "set", name, "db.password", "--from-file", file.toString(), "-i",
                        inventory.toString()));
            }
            TestbedHost appInside = app.inside();
            DbPair.awaitWrites(appInside, Duration.ofSeconds(60));
            Duration toApp = Duration.between(started, Instant.now());

            assertThat(db1Inside.read("/etc/postgresql/15/main/pg_hba.conf"))
                    .contains("host speedy speedy " + app.address() + "/32 scram-sha-256")
                    .doesNotContain(db2.address());
            long mib = Long.parseLong(db1Inside.exec("sh", "-c", "sed -n 's/^MemTotal: *\\([0-9]*\\) kB$/\\1/p'"
                    + " /proc/meminfo").orThrow().stdout().strip()) / 1024;
            assertThat(db1Inside.read("/var/lib/postgresql/15/main/postgresql.auto.conf")).as("sized from the memory")
                    .contains("shared_buffers = '" + Math.min(mib / 4, 8192) + "MB'");
            assertThat(db1Inside.exec("sh", "-c", "cd / && runuser -u postgres -- psql -XAtqc 'SHOW shared_buffers'")
                    .orThrow().stdout().strip()).as("in force: restarted").isNotEqualTo("128MB");
            for (TestbedHost host : List.of(appInside, db1Inside)) {
                assertThat(host.exec("getent", "hosts", "db").orThrow().stdout()).startsWith(db1.address() + " ");
            }

            Instant replicaStarted = Instant.now();
            ok(push("db", "replica", "bare-db2", "--from", "bare-db1", "-i", inventory.toString()));
            Duration toStandby = bootstrap.plus(Duration.between(replicaStarted, Instant.now()));
            System.out.printf("BareHostsIT figures: bare -> app host writing in %d s; bare -> streaming standby in"
                    + " %d s (bootstrap %d s, then push db replica)%n", toApp.toSeconds(), toStandby.toSeconds(),
                    bootstrap.toSeconds());
            TestbedHost db2Inside = db2.inside();
            assertThat(db1Inside.exec("sh", "-c", "cd / && runuser -u postgres -- psql -XAtqc \"SELECT state FROM"
                    + " pg_stat_replication WHERE application_name = 'bare-db2'\"").orThrow().stdout().strip())
                    .isEqualTo("streaming");

            // push did all of that through the narrow sudo rule: each program where it says, and no shell.
            for (TestbedHost host : List.of(db1Inside, appInside)) {
                assertSudoNarrow(host);
            }

            // A standby whose pg_hba lacks the app hosts (cloned before one was added) gets them from the next init:
            // it is the primary after a switchover.
            String hbaFile = "/etc/postgresql/15/main/pg_hba.conf";
            db2Inside.exec("sed", "-i", "/^# BEGIN push db init/,/^# END push db init/d", hbaFile).orThrow();
            assertThat(db2Inside.read(hbaFile)).doesNotContain(app.address() + "/32");
            PushRun allowed = ok(push("db", "init", "bare-db1", "-i", inventory.toString()));
            assertThat(allowed.out()).containsPattern("bare-db1\\s+ok\\s+as it was")
                    .containsPattern("bare-db2\\s+changed\\s+changed: pg_hba: 1 app host");
            assertThat(db2Inside.read(hbaFile)).contains("host speedy speedy " + app.address() + "/32 scram-sha-256");

            // A second init changes nothing; one on the standby is refused and leaves both hosts as they were.
            PushRun again = ok(push("db", "init", "bare-db1", "-i", inventory.toString()));
            assertThat(again.out()).containsPattern("bare-db1\\s+ok\\s+as it was")
                    .containsPattern("bare-db2\\s+ok\\s+as it was");
            String db1Before = db1Inside.exec("sh", "-c", FINGERPRINT).orThrow().stdout();
            String db2Before = db2Inside.exec("sh", "-c", FINGERPRINT).orThrow().stdout();
            PushRun onStandby = push("db", "init", "bare-db2", "-i", inventory.toString());
            assertThat(onStandby.exitCode()).as(onStandby.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(onStandby.out()).contains("refused: bare-db1 runs as a primary already", "nothing was changed");
            assertThat(db2Inside.exec("sh", "-c", FINGERPRINT).orThrow().stdout()).isEqualTo(db2Before);
            assertThat(db1Inside.exec("sh", "-c", FINGERPRINT).orThrow().stdout()).isEqualTo(db1Before);

            assertThat(init.out() + again.out()).doesNotContain(password);
            try (Stream<Path> logs = Files.walk(dir.resolve("logs"))) {
                for (Path log : logs.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password);
                }
            }
            assertThat(db1Inside.exec("sh", "-c", "journalctl --no-pager -q; cat /var/log/postgresql/*.log")
                    .stdout()).doesNotContain(password);
            assertThat(toApp).as("bare to an app host that writes").isLessThan(Duration.ofMinutes(2));
            assertThat(toStandby).as("bare to a streaming standby").isLessThan(Duration.ofMinutes(2));
        } finally {
            server.stop(0);
        }
    }

    /**
     * The deploy user may run the helper's verbs and the listed programs, and no shell; each listed program the host
     * has is the file the rule names (sudo matches a command by its path).
     */
    private static void assertSudoNarrow(TestbedHost host) throws Exception {
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, String> program : RootPrograms.paths().entrySet()) {
            ExecResult same = host.exec("bash", "-c", "p=$(type -P \"$1\") || exit 3; [ \"$p\" -ef \"$2\" ]", "bash",
                    program.getKey(), program.getValue());
            assertThat(same.exitStatus()).as("%s on %s is %s", program.getKey(), host.name(), program.getValue())
                    .isIn(0, 3);
            if (same.exitStatus() == 0) {
                present.add(program.getKey());
            }
        }
        assertThat(present).contains("systemctl", "runuser", "env", "cat", "install", "test", "visudo", "sshd");
        ExecResult shell = host.exec("runuser", "-u", DEPLOY, "--", "sudo", "-n", "--", "sh", "-c", "id -u");
        assertThat(shell.exitStatus()).as("sudo sh as %s: %s", DEPLOY, shell.stdout()).isNotZero();
        assertThat(shell.stdout()).isEmpty();
        ExecResult verb = host.exec("runuser", "-u", DEPLOY, "--", "sudo", "-n", "--", SudoHelper.PATH,
                RootScript.CAT_IF_EXISTS.verb(), "/etc/sudoers.d/speedy-push");
        assertThat(verb.exitStatus()).as(verb.stderr()).isZero();
        assertThat(verb.stdout()).contains("NOPASSWD: SPEEDY_PUSH").doesNotContain("NOPASSWD: ALL");
    }

    private Path inventory(Path repo, int port, TestbedHost db1, TestbedHost db2, TestbedHost app) throws Exception {
        String text = "repository:\n"
                + "  url: http://" + BRIDGE_ADDRESS + ":" + port + "/\n"
                + "  suite: dev\n"
                + "  keyring: " + repo.resolve("conf/archive-keyring.gpg") + "\n"
                + "ssh:\n  user: " + DEPLOY + "\n  known_hosts: " + TestbedInventory.knownHosts() + "\n  keys: ["
                + TestbedInventory.key() + "]\n  connect_timeout: 5s\n"
                + TestbedInventory.secrets(dir)
                + "groups:\n  app:\n    packages: [" + String.join(", ", PACKAGES) + "]\n  db:\n"
                + "hosts:\n"
                + "  bare-db1: {address: " + db1.address() + ", groups: [db]}\n"
                + "  bare-db2: {address: " + db2.address() + ", groups: [db]}\n"
                + "  bare-app: {address: " + app.address() + ", groups: [app]}\n";
        Path folder = Files.createDirectories(dir.resolve("inventory"));
        return Files.writeString(folder.resolve("inventory.yaml"), text);
    }

    private static PushRun ok(PushRun run) {
        assertThat(run.exitCode()).as(run.out()).isZero();
        return run;
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
