package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The database pair on testbed hosts, as DbSwitchoverIT and the drills set it up: PostgreSQL 15 on db1 and db2 (db2 a
 * streaming standby made by {@code push db replica}), {@code db} pointing at db1, and speedy-app, speedy-notifier and
 * speedy-jobs from their .debs on the app hosts, writing through it.
 */
public final class DbPair {
    /** psql as postgres on database speedy, unaligned and quiet; append the quoted SQL. */
    public static final String PSQL = "cd / && runuser -u postgres -- psql -XAtq -d speedy -c ";
    public static final String PASSWORD = "switchover-test";
    public static final String CLUSTER = "postgresql@15-main";
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
        "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"};

    private final Path dir;
    private final Path inventory;
    private final TestbedHost db1;
    private final TestbedHost db2;
    private final List<TestbedHost> apps;

    private DbPair(Path dir, Path inventory, TestbedHost db1, TestbedHost db2, List<TestbedHost> apps) {
        this.dir = dir;
        this.inventory = inventory;
        this.db1 = db1;
        this.db2 = db2;
        this.apps = apps;
    }

    /**
     * Sets the pair up on the testbed's {@code PREFIXdb1}, {@code PREFIXdb2}, {@code PREFIXapp1} and
     * {@code PREFIXapp2}, and waits until both apps write. Testbed hosts live as long as the whole test run, so each
     * class that changes its pair's roles and timelines names hosts of its own (a prefix of its own).
     */
    public static DbPair setUp(Testbed testbed, String name, String prefix) throws Exception {
        TestbedHost db1 = testbed.host(prefix + "db1");
        TestbedHost db2 = testbed.host(prefix + "db2");
        List<TestbedHost> apps = List.of(testbed.host(prefix + "app1"), testbed.host(prefix + "app2"));
        Path dir = Files.createTempDirectory(name);
        Path inventory = writeInventory(dir, db1, db2, apps, "speedy-app, speedy-notifier, speedy-jobs");
        DbPair pair = new DbPair(dir, inventory, db1, db2, apps);
        pair.makePair();
        for (TestbedHost app : apps) {
            install(app);
        }
        setPasswords(inventory, pair.logDir(), List.of("speedy-app", "speedy-notifier", "speedy-jobs"));
        for (TestbedHost app : apps) {
            awaitWrites(app, Duration.ofSeconds(60));
        }
        return pair;
    }

    /**
     * The operator's own set-up of a cluster that no push command made, such as a restore target or a discarded
     * standby's new empty cluster: listening on the bridge, the app's login allowed.
     */
    public static void provision(TestbedHost db) {
        db.exec("sh", "-c", "echo \"listen_addresses = '*'\" > /etc/postgresql/15/main/conf.d/testbed.conf"
                + " && echo 'host speedy speedy 10.213.7.0/24 scram-sha-256' >> /etc/postgresql/15/main/pg_hba.conf")
                .orThrow();
    }

    /** A file holding {@link #PASSWORD}, the app role's password, for push config set --from-file. */
    public static Path passwordFile() throws IOException {
        Path file = Files.createTempFile("db-password-", ".txt");
        file.toFile().deleteOnExit();
        return Files.writeString(file, PASSWORD + "\n");
    }

    /**
     * The app's database on {@code db} with push alone, as an operator makes the first primary: the password kept in
     * the inventory's secret store for every speedy package (push config set --store-only), then push db init, which
     * also points db at it on every host.
     */
    public static void initPrimary(Path inventory, Path logs, String db) throws IOException {
        Path password = passwordFile();
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs")) {
            assertPushed(push(inventory, logs, "config", "set", name, "db.password", "--from-file", password.toString(),
                    "--store-only"));
        }
        assertPushed(push(inventory, logs, "db", "init", db));
    }

    /** The password in the conffile of each of {@code packages} on every host that runs it (push config set). */
    public static void setPasswords(Path inventory, Path logs, List<String> packages) throws IOException {
        Path password = passwordFile();
        for (String name : packages) {
            assertPushed(push(inventory, logs, "config", "set", name, "db.password", "--from-file",
                    password.toString()));
        }
    }

    private static void assertPushed(PushRun run) {
        assertThat(run.exitCode()).as(run.out()).isZero();
    }

    /** db1 a primary holding database speedy, db2 its standby, {@code db} on db1: from fresh clusters. */
    private void makePair() throws IOException {
        initPrimary(inventory, logDir(), db1.name());
        assertPushed(push("db", "replica", db2.name(), "--from", db1.name()));
    }

    /**
     * Throws both clusters away and makes the pair again as {@link #setUp} did (the apps stay): the drills' way back to
     * a known pair after a run that left it broken. Not push's job, so not done with push's commands alone.
     */
    public void rebuild() {
        for (TestbedHost db : List.of(db1, db2)) {
            // push's start guard and the pair's files go too: a fresh pair has none until push db replica makes them
            // (pg_dropcluster leaves a file it does not know, push-peers, and db init refuses a host that has one).
            db.exec("sh", "-c", "systemctl stop " + CLUSTER + "; systemctl reset-failed " + CLUSTER
                    + "; rm -f /etc/systemd/system/postgresql@.service.d/push-start-guard.conf"
                    + "; pg_dropcluster --stop 15 main; rm -rf /etc/postgresql/15/main"
                    + " && pg_createcluster 15 main >/dev/null && systemctl daemon-reload")
                    .orThrow();
        }
        try {
            makePair();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A test that stopped half-way may have left maintenance mode on: the apps answer 503 until it is lifted.
        for (TestbedHost app : apps) {
            app.exec("sh", "-c", "rm -f /var/lib/speedy-app/maintenance && systemctl restart speedy-app"
                    + " speedy-notifier").orThrow();
        }
        for (TestbedHost app : apps) {
            try {
                awaitWrites(app, Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new AssertionError(app.name() + " does not write after the rebuild", e);
            }
        }
    }

    public TestbedHost db1() {
        return db1;
    }

    public TestbedHost db2() {
        return db2;
    }

    public List<TestbedHost> dbHosts() {
        return List.of(db1, db2);
    }

    public List<TestbedHost> apps() {
        return apps;
    }

    public Path inventory() {
        return inventory;
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    /** push in-process, with this pair's inventory (and log folder, but for db status). */
    public PushRun push(String... args) {
        return push(inventory, logDir(), args);
    }

    /** push in-process with {@code inventory}, and (for a command that changes hosts) the log folder. */
    public static PushRun push(Path inventory, Path logs, String... args) {
        List<String> extra = args[1].equals("status") ? List.of("-i", inventory.toString())
                : List.of("-i", inventory.toString(), "--log-dir", logs.toString());
        return PushRun.of(extra, args);
    }

    /** push db status, asked again until it shows a standby streaming (30 s at most). */
    public PushRun awaitStreaming() throws InterruptedException {
        return awaitStreaming(inventory, logDir());
    }

    /** push db status with {@code inventory}, asked again until it shows a standby streaming (30 s at most). */
    public static PushRun awaitStreaming(Path inventory, Path logs) throws InterruptedException {
        PushRun status = push(inventory, logs, "db", "status");
        for (int i = 0; i < 60 && !status.out().contains(" streaming"); i++) {
            Thread.sleep(500);
            status = push(inventory, logs, "db", "status");
        }
        return status;
    }

    /**
     * Writes the inventory of a pair test: the group db (db1, db2), the group app running {@code appPackages}, and a
     * 5 s connect timeout (a dead host costs a failover this long: it is asked first whether it is fenced).
     */
    public static Path writeInventory(Path dir, TestbedHost db1, TestbedHost db2, List<TestbedHost> apps,
                                      String appPackages) throws IOException, InterruptedException {
        StringBuilder hosts = new StringBuilder();
        for (TestbedHost db : List.of(db1, db2)) {
            hosts.append("  ").append(db.name()).append(":\n    address: ").append(db.address())
                    .append("\n    groups: [db]\n");
        }
        for (TestbedHost app : apps) {
            hosts.append("  ").append(app.name()).append(":\n    address: ").append(app.address())
                    .append("\n    groups: [app]\n");
        }
        Path folder = Files.createDirectories(dir.resolve("inventory"));
        return Files.writeString(folder.resolve("inventory.yaml"), TestbedInventory.ssh(TestbedInventory.knownHosts(),
                "  connect_timeout: 5s\n") + TestbedInventory.secrets(dir) + "groups:\n  db:\n  app:\n    packages: [" + appPackages + "]\nhosts:\n"
                + hosts);
    }

    /** A former primary is a standby now: in recovery, and a write is refused as read-only. */
    public static void assertReadOnlyStandby(TestbedHost host) {
        assertThat(host.exec("sh", "-c", PSQL + "'SELECT pg_is_in_recovery()'").orThrow().stdout().strip())
                .as(host.name() + " in recovery").isEqualTo("t");
        assertThat(host.exec("sh", "-c", PSQL + "\"INSERT INTO posts (author, body) VALUES ('x', 'y')\"").stderr())
                .contains("read-only transaction");
    }

    /** Runs SQL with psql on database speedy; the output stripped, or the failure thrown. */
    public static String psql(TestbedHost host, String sql) {
        return host.exec("sh", "-c", PSQL + "\"" + sql + "\"").orThrow().stdout().strip();
    }

    /** ssh's arguments (up to the destination) that reach a testbed host as root with its pinned host key. */
    public static List<String> ssh(TestbedHost host, String... options) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", TestbedInventory.key().toString(),
                "-o", "UserKnownHostsFile=" + TestbedInventory.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"));
        for (String option : options) {
            argv.add("-o");
            argv.add(option);
        }
        argv.add("root@" + host.address());
        return argv;
    }

    private static void install(TestbedHost app) throws IOException {
        app.exec("mkdir", "-p", "/root/debs").orThrow();
        List<String> argv = new ArrayList<>(List.of(APT));
        for (String name : List.of("speedy-app", "speedy-notifier", "speedy-jobs")) {
            Path deb = BuiltDebs.of(name);
            app.upload(deb, "/root/debs/" + deb.getFileName());
            argv.add("/root/debs/" + deb.getFileName());
        }
        app.exec(argv.toArray(String[]::new)).orThrow();
        app.exec("rm", "-rf", "/root/debs").orThrow();
    }

    /** Until {@code app} takes a write (201), or fails after {@code timeout}. */
    static void awaitWrites(TestbedHost app, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 201) {
            try {
                status = Writer.post(app, "setup").statusCode();
            } catch (IOException starting) {
                status = 0;
            }
            Thread.sleep(200);
        }
        assertThat(status).as(app.name() + " takes writes").isEqualTo(201);
    }
}
