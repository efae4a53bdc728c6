package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.speedy.process.LocalCommand;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.S3Server;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Backups as an operator runs them, on testbed hosts: the database pair (bk-db1 primary, bk-db2 standby) with two app
 * hosts writing through {@code db}, a backup host running speedy-backup (Barman receiving the primary's WAL as it is
 * written), and a fresh host to restore onto; off-site, a real S3 server on this machine's testbed address, which
 * everything is sent to encrypted to a key this test holds. The tests run in order: the last one kills both database
 * hosts.
 */
@TestbedHosts({"bk-db1", "bk-db2", "bk-app1", "bk-app2", "bk-backup", "bk-fresh"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q"};
    private static final String BUCKET = "speedy-offsite";

    private static Testbed hostsOfThisClass;
    private static DbPair pair;
    private static Path inventory;
    private static boolean prepared;
    private static S3Server s3;
    /** The operators' age key: its public half is the inventory's recipient, its private half never leaves here. */
    private static Path identity;

    private Testbed testbed;
    private TestbedHost backup;
    private TestbedHost fresh;

    @BeforeEach
    void hosts(Testbed testbed) throws Exception {
        this.testbed = testbed;
        hostsOfThisClass = testbed;
        backup = testbed.host("bk-backup");
        fresh = testbed.host("bk-fresh");
        if (prepared) {
            return;
        }
        assertThat(inventory).as("the hosts' set-up failed in an earlier test; see its failure").isNull();
        pair = DbPair.setUp(testbed, "backup-it", "bk-");
        // speedy-monitoring too: its NRPE checks of the backups run here as NRPE runs them.
        for (String name : List.of("speedy-backup", "speedy-monitoring")) {
            Path deb = BuiltDebs.of(name);
            backup.upload(deb, "/root/" + deb.getFileName());
            backup.exec(concat(APT, "/root/" + deb.getFileName())).orThrow();
        }
        Path dir = Files.createTempDirectory("backup-it-s3");
        s3 = S3Server.start(dir, S3Server.TESTBED_GATEWAY);
        identity = dir.resolve("identity.txt");
        LocalCommand.of("age-keygen", "-o", identity.toString()).run().orThrow();
        String recipient = LocalCommand.of("age-keygen", "-y", identity.toString()).run().orThrow().stdoutText()
                .strip();
        // The operator's inventory: the pair's, with the backup host and the backups.
        String pairInventory = Files.readString(pair.inventory());
        inventory = Files.writeString(pair.inventory(), pairInventory.replace("groups:\n", "groups:\n  backup:\n")
                + "  bk-backup:\n    address: " + backup.address() + "\n    groups: [backup]\n"
                + "  bk-fresh:\n    address: " + fresh.address() + "\n"
                + "backup:\n  server: bk-backup\n  s3:\n    endpoint: " + s3.endpoint() + "\n    bucket: " + BUCKET
                + "\n    credentials: " + s3.credentials() + "\n    recipients: [" + recipient + "]\n");
        prepared = true;
    }

    /**
     * Testbed hosts live for the whole test run; these are done with, and with both db hosts killed Barman's
     * receive-wal starts again every 2 s: their load made a later class's hosts miss their ssh deadline in CI.
     */
    @AfterAll
    static void stopTheHosts() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (hostsOfThisClass != null) {
            for (String name : List.of("bk-backup", "bk-fresh", "bk-app1", "bk-app2", "bk-db1", "bk-db2")) {
                try {
                    hostsOfThisClass.kill(name);
                } catch (IOException notRunning) {
                    // bk-db1 and bk-db2 are killed by the last test already.
                }
            }
        }
    }

    @Test
    @Order(1)
    void aDryRunAsksEveryHostAndChangesNothing() {
        String before = state();

        PushRun run = pair.push("backup", "setup", "--dry-run");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("ok       one primary: bk-db1", "speedy-backup", "dry run: nothing changed",
                "the storage " + s3.endpoint() + " answers bk-backup and takes the credentials");
        assertThat(state()).as("every file push would write, byte for byte").isEqualTo(before);
    }

    @Test
    @Order(1)
    void aStorageThatIsDownOrRefusesTheCredentialsIsRefusedBeforeAnyChange() throws Exception {
        String before = state();
        Path wrongKey = Files.writeString(inventory.resolveSibling("wrong-credentials"), "[default]\n"
                + "aws_access_key_id = " + S3Server.ACCESS_KEY + "\naws_secret_access_key = not-the-secret\n");
        String down = "http://" + S3Server.TESTBED_GATEWAY + ":9";
        Path refusing = Files.writeString(inventory.resolveSibling("wrong-key.yaml"), Files.readString(inventory)
                .replace("credentials: " + s3.credentials(), "credentials: " + wrongKey));
        Path unreachable = Files.writeString(inventory.resolveSibling("storage-down.yaml"), Files.readString(inventory)
                .replace("endpoint: " + s3.endpoint(), "endpoint: " + down));

        PushRun wrong = DbPair.push(refusing, pair.logDir(), "backup", "setup");
        PushRun closed = DbPair.push(unreachable, pair.logDir(), "backup", "setup");

        assertThat(wrong.exitCode()).as(wrong.out()).isEqualTo(1);
        assertThat(wrong.out()).contains("the storage " + s3.endpoint() + ", bucket " + BUCKET + ", from bk-backup:",
                "SignatureDoesNotMatch", "nothing was changed on any host");
        assertThat(closed.exitCode()).as(closed.out()).isEqualTo(1);
        assertThat(closed.out()).contains("the storage " + down + ", bucket " + BUCKET + ", from bk-backup:",
                "connection refused", "nothing was changed on any host");
        assertThat(state()).as("every file push would write, byte for byte").isEqualTo(before);
        assertThat(backup.exec("ls", "/run/speedy-backup-probe").exitStatus()).as("the probe's settings removed")
                .isNotZero();
        try (Stream<Path> stored = Files.list(s3.objects())) {
            assertThat(stored).as("nothing made in the storage").isEmpty();
        }
    }

    @Test
    @Order(2)
    void setupStreamsThePrimarysWalToTheBackupHostAndTakesAFirstBaseBackupAndASecondRunKeepsIt() throws Exception {
        PushRun run = pair.push("backup", "setup");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(barman("list-backups", "--minimal", "speedy").lines()).hasSize(1);
        String check = backup.exec("runuser", "-u", "barman", "--", "barman", "check", "speedy").stdout();
        assertThat(check).contains("PostgreSQL: OK", "replication slot: OK", "receive-wal running: OK",
                "superuser or standard user with backup privileges: OK");
        assertThat(DbPair.psql(pair.db1(), "SELECT application_name || ' ' || state FROM pg_stat_replication"
                + " WHERE usename = 'streaming_barman'")).isEqualTo("barman_receive_wal streaming");
        for (TestbedHost db : pair.dbHosts()) {
            assertThat(db.read("/etc/postgresql/15/main/pg_hba.conf"))
                    .contains("host replication streaming_barman " + backup.address() + "/32 scram-sha-256");
        }
        assertThat(DbPair.psql(pair.db1(), "SELECT count(*) FROM pg_authid WHERE rolname IN ('barman',"
                + " 'streaming_barman') AND rolpassword LIKE 'SCRAM-SHA-256_4096:%'")).isEqualTo("2");

        PushRun status = pair.push("backup", "status", "--json");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).contains("\"healthy\" : true", "\"state\" : \"streaming\"");
        try (DashboardRun dashboard = DashboardRun.start(pair.inventory(), pair.logDir())) {
            JsonNode fleet = dashboard.fleetWhen("the backup host's figures", f -> f.at("/backup/answered")
                    .asBoolean());
            assertThat(fleet.at("/backup/healthy").asBoolean()).as(fleet.at("/backup").toString()).isTrue();
            assertThat(fleet.at("/backup/walLag/state").asText()).isEqualTo("streaming");
            assertThat(fleet.at("/backup/lastBaseBackupAgeSeconds").isIntegralNumber()).isTrue();
        }
        ExecResult lag = nrpeCheck("wal-lag", "16777216", "134217728");
        assertThat(lag.exitStatus()).as(lag.stdout()).isZero();
        assertThat(lag.stdout()).startsWith("SPEEDY-BACKUP-WAL-LAG OK - Barman streams");
        assertThat(nrpeCheck("backup-age", "36", "50").exitStatus()).as("the backup-age check").isZero();
        assertThat(nrpeCheck("drill-age", "8", "16").stdout()).as("no drill yet").contains("CRITICAL - no drill yet");

        PushRun again = pair.push("backup", "setup");

        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(barman("list-backups", "--minimal", "speedy").lines()).as("no second first backup").hasSize(1);
    }

    @Test
    @Order(3)
    void nowTakesABaseBackupAndADumpAsBarmanWhoOwnsNoTable() {
        PushRun run = pair.push("backup", "now", "--dump");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(barman("list-backups", "--minimal", "speedy").lines()).hasSize(2);
        assertThat(backup.exec("sh", "-c", "cd /var/lib/speedy-backup/dumps/*Z && sha256sum --check --quiet SHA256SUMS"
                + " && ls").orThrow().stdout()).contains("speedy.dump", "globals.sql");
    }

    @Test
    @Order(4)
    void theDumpBaseBackupsAndWalGoOffSiteEncryptedToTheOperatorsKeyAndTheCheckReadsThemBack() throws Exception {
        sendOffsiteNow();
        backup.exec("systemctl", "start", "speedy-backup-offsite-check.service").orThrow();

        Path bucket = s3.objects().resolve(BUCKET);
        String newest = barman("list-backups", "--minimal", "speedy").lines().findFirst().orElseThrow().strip();
        Path tar = bucket.resolve("base/" + newest + "/backup.tar.age");
        assertThat(tar).exists();
        assertThat(bucket.resolve("base/" + newest + "/OBJECTS.SHA256SUMS")).exists();
        assertThat(Files.readString(tar, java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("age-encryption.org/v1");
        // The newest WAL file the storage holds (a newer one may wait in the queue until the next send).
        String name;
        try (Stream<Path> stored = Files.list(bucket.resolve("wal"))) {
            name = stored.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9A-F]{24}\\.age"))
                    .map(n -> n.substring(0, 24)).max(String::compareTo).orElseThrow();
        }
        String wal = name.substring(0, 16) + "/" + name;
        byte[] plain = LocalCommand.of("age", "--decrypt", "-i", identity.toString(),
                bucket.resolve("wal/" + name + ".age").toString()).run().orThrow().stdout();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain)))
                .as("the stored WAL file, decrypted, is Barman's byte for byte")
                .isEqualTo(backup.exec("sha256sum", "/var/lib/barman/speedy/wals/" + wal).orThrow().stdout()
                        .substring(0, 64));
        try (Stream<Path> dumps = Files.list(bucket.resolve("dumps"))) {
            assertThat(dumps.map(d -> d.resolve("OBJECTS.SHA256SUMS")).filter(Files::exists)).hasSize(1);
        }

        PushRun status = pair.push("backup", "status", "--json");

        assertThat(status.exitCode()).as(status.out()).isZero();
        ExecResult offsite = nrpeCheck("offsite", "60", "240");
        assertThat(offsite.exitStatus()).as(offsite.stdout()).isZero();
        assertThat(offsite.stdout()).startsWith("SPEEDY-BACKUP-OFFSITE OK - ");
        assertThat(status.out()).containsPattern("\"lastCheck\" : \\{\\s*\"ageSeconds\" : \\d+,\\s*\"ok\" : true")
                .contains("base backup " + newest);
    }

    @Test
    @Order(5)
    void aWalFileMissingFromBarmansArchiveIsAProblemThatStatusNames() {
        // A WAL file after the oldest base backup's first, taken away (and put back after).
        String taken = backup.exec("sh", "-c", "cd /var/lib/barman/speedy && first=$(sed -n 's/^begin_wal=//p'"
                + " base/*/backup.info | sort | head -n 1) && f=$(find wals -type f -name '0*' | sort"
                + " | awk -F/ -v first=\"$first\" '$NF > first { print; exit }') && [ -n \"$f\" ]"
                + " && mv \"$f\" /root/taken-wal && echo \"$f\"").orThrow().stdout().strip();
        PushRun status;
        try {
            status = pair.push("backup", "status");
        } finally {
            backup.exec("mv", "/root/taken-wal", "/var/lib/barman/speedy/" + taken).orThrow();
        }

        assertThat(status.exitCode()).as(status.out()).isEqualTo(1);
        assertThat(status.out()).contains("WAL missing from Barman's archive: "
                + taken.substring(taken.lastIndexOf('/') + 1) + "..");
        PushRun after = pair.push("backup", "status");
        assertThat(after.exitCode()).as("the file back: " + after.out()).isZero();
    }

    @Test
    @Order(6)
    void theBackupHostKilledAndBootedAgainReceivesTheWalWrittenWhileItWasDownWithNoGap() throws Exception {
        testbed.kill("bk-backup");
        // WAL written and switched while nobody receives it: Barman's slot on the primary holds it.
        DbPair.psql(pair.db1(), "INSERT INTO posts (author, body) VALUES ('outage', 'while bk-backup was down')");
        String during = DbPair.psql(pair.db1(), "SELECT pg_walfile_name(pg_current_wal_lsn())");
        DbPair.psql(pair.db1(), "SELECT pg_switch_wal()");
        DbPair.psql(pair.db1(), "INSERT INTO posts (author, body) VALUES ('outage', 'after the switch')");
        DbPair.psql(pair.db1(), "SELECT pg_switch_wal()");
        testbed.boot("bk-backup");

        PushRun status = pair.push("backup", "status");
        for (int i = 0; i < 120 && status.exitCode() != 0; i++) {
            Thread.sleep(1000);
            status = pair.push("backup", "status");
        }

        assertThat(status.exitCode()).as("healthy again within two minutes of the boot\n" + status.out()).isZero();
        assertThat(status.out()).contains("WAL archive       unbroken from the oldest base backup");
        assertThat(backup.exec("sh", "-c", "cd /var/lib/barman/speedy && test -f \"wals/${1%????????}/$1\""
                + " -o -f \"streaming/$1\"", "sh", during).exitStatus())
                .as("the WAL file written while bk-backup was down, received (archived, or yet to be)").isZero();
    }

    @Test
    @Order(7)
    void aDrillWhileTheAppsWriteRestoresExactlyTheRowsAtItsPointAndLeavesNothingBehind() throws Exception {
        TestbedHost app = pair.apps().get(0);
        String before = app.exec("sh", "-c", "pg_lsclusters --no-header; cat /var/lib/postgresql/.ssh/authorized_keys"
                + " 2>/dev/null; true").orThrow().stdout();
        PushRun run;
        try (Writer writer = new Writer(pair.apps())) {
            assertThat(writer.awaitAcknowledgedAfter(Instant.now(), 2, Duration.ofSeconds(30))).isTrue();
            run = pair.push("backup", "drill", app.name());
        }

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("public\\.posts  (\\d+)  \\1\\n").contains("drill passed", "RPO ",
                "RTO ", "checked " + BUCKET + ": dump ");
        assertThat(app.exec("sh", "-c", "pg_lsclusters --no-header; cat /var/lib/postgresql/.ssh/authorized_keys"
                + " 2>/dev/null; true").orThrow().stdout()).as("no scratch cluster, no key left").isEqualTo(before);
        assertThat(backup.read("/var/lib/speedy-backup/last-drill")).contains(" passed RPO ");
        assertThat(nrpeCheck("drill-age", "8", "16").stdout()).contains("OK - the last drill (passed) is 0d old");
    }

    @Test
    @Order(8)
    void afterASwitchoverBarmanStreamsFromTheNewPrimaryAndTheNextBaseBackupComesFromIt() throws Exception {
        PushRun switchover = pair.push("db", "switchover", "--to", "bk-db2");
        assertThat(switchover.exitCode()).as(switchover.out()).isZero();

        PushRun status = pair.push("backup", "status", "--json");
        for (int i = 0; i < 60 && status.exitCode() != 0; i++) {
            Thread.sleep(1000);
            status = pair.push("backup", "status", "--json");
        }
        assertThat(status.exitCode()).as("streaming again within a minute\n" + status.out()).isZero();
        assertThat(DbPair.psql(pair.db2(), "SELECT application_name || ' ' || state FROM pg_stat_replication WHERE"
                + " usename = 'streaming_barman'")).isEqualTo("barman_receive_wal streaming");
        assertThat(DbPair.psql(pair.db1(), "SELECT count(*) FROM pg_replication_slots"))
                .as("the old primary, a standby now, keeps no slot that would hold its WAL back").isEqualTo("0");

        PushRun now = pair.push("backup", "now");

        assertThat(now.exitCode()).as(now.out()).isZero();
        assertThat(backup.exec("sh", "-c", "grep -h ^timeline= /var/lib/barman/speedy/base/*/backup.info | sort -u")
                .orThrow().stdout()).as("a base backup on the new timeline").contains("timeline=2");
    }

    @Test
    @Order(9)
    void aRestoreToATimeKilledMidCopyIsFinishedByTheNextRunAndHoldsTheRowsWrittenBeforeItAndNoneAfter()
            throws Exception {
        DbPair.psql(pair.db2(), "INSERT INTO posts (author, body) VALUES ('pitr', 'before')");
        Thread.sleep(1500);
        Instant time = Instant.now();
        Thread.sleep(1500);
        DbPair.psql(pair.db2(), "INSERT INTO posts (author, body) VALUES ('pitr', 'after')");
        freshCluster();
        // push killed while Barman copies the base backup (the mark of push's unfinished copy is there): the copy
        // is left marked, and the same command run again finishes it.
        Process killed = pushProcess("backup", "restore", "bk-fresh", "--time", time.toString());
        String marker = "/var/lib/postgresql/15/main.push-replica-unfinished";
        try {
            for (int i = 0; i < 600 && killed.isAlive() && fresh.exec("test", "-e", marker).exitStatus() != 0; i++) {
                Thread.sleep(200);
            }
            Thread.sleep(500);
            assertThat(killed.isAlive()).as("push still restoring when killed").isTrue();
        } finally {
            killed.destroyForcibly().waitFor();
        }
        assertThat(fresh.exec("test", "-e", marker).exitStatus()).as("the copy marked unfinished").isZero();

        PushRun run = pair.push("backup", "restore", "bk-fresh", "--time", time.toString());

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(fresh.exec("test", "-e", marker).exitStatus()).as("the mark removed").isNotZero();
        assertThat(fresh.exec("sh", "-c", "cat /var/lib/postgresql/.ssh/authorized_keys 2>/dev/null").stdout())
                .as("barman's key taken out again").doesNotContain("barman");
        assertThat(DbPair.psql(fresh, "SELECT string_agg(body, ',') FROM posts WHERE author = 'pitr'"))
                .isEqualTo("before");
        assertThat(DbPair.psql(fresh, "SELECT pg_is_in_recovery()")).as("promoted").isEqualTo("f");
    }

    @Test
    @Order(11)
    void aRestoreOntoAHostThatHoldsDataIsRefusedAndChangesNothing() {
        // bk-fresh holds the restored database now.
        String before = fresh.exec("sh", "-c", "ls -la /var/lib/postgresql/15/ && cat /var/lib/postgresql/.ssh/"
                + "authorized_keys 2>/dev/null; systemctl is-active postgresql@15-main").stdout();

        PushRun run = pair.push("backup", "restore", "bk-fresh", "--latest");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("REFUSED", "database speedy", "nothing was changed");
        assertThat(fresh.exec("sh", "-c", "ls -la /var/lib/postgresql/15/ && cat /var/lib/postgresql/.ssh/"
                + "authorized_keys 2>/dev/null; systemctl is-active postgresql@15-main").stdout()).isEqualTo(before);
    }

    @Test
    @Order(10)
    void aDamagedObjectInTheStorageFailsTheDrillAndStatusNamesIt() throws Exception {
        sendOffsiteNow();
        String newest = barman("list-backups", "--minimal", "speedy").lines().findFirst().orElseThrow().strip();
        Path object = s3.objects().resolve(BUCKET).resolve("base/" + newest + "/backup.tar.age");
        byte[] original = Files.readAllBytes(object);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(object, damaged);
        PushRun drill;
        PushRun status;
        try {
            drill = pair.push("backup", "drill", pair.apps().get(0).name());
            status = pair.push("backup", "status");
        } finally {
            Files.write(object, original);
        }

        assertThat(drill.exitCode()).as(drill.out()).isEqualTo(1);
        assertThat(drill.out()).contains("drill FAILED: the restore from bk-backup passed, but the off-site copy did"
                + " not", BUCKET + "/base/" + newest + "/backup.tar.age does not match the SHA-256");
        assertThat(status.exitCode()).as(status.out()).isEqualTo(1);
        assertThat(status.out()).contains("the off-site copy FAILED its check 0 h ago: " + BUCKET + "/base/" + newest
                + "/backup.tar.age does not match");
        ExecResult offsite = nrpeCheck("offsite", "60", "240");
        assertThat(offsite.exitStatus()).as(offsite.stdout()).isEqualTo(2);
        assertThat(offsite.stdout()).startsWith("SPEEDY-BACKUP-OFFSITE CRITICAL - the last check of the storage's copy"
                + " FAILED: " + BUCKET + "/base/" + newest);
    }

    @Test
    @Order(12)
    void afterBothDatabaseHostsAreKilledARestoreHoldsEveryWriteAcknowledgedASecondBeforeAndTheAppServesFromIt()
            throws Exception {
        freshCluster();
        DbPair.provision(fresh);
        List<Writer.Op> ops;
        Instant killed;
        try (Writer writer = new Writer(pair.apps())) {
            assertThat(writer.awaitAcknowledgedAfter(Instant.now(), 2, Duration.ofSeconds(30))).isTrue();
            Thread.sleep(5000);
            killed = Instant.now();
            testbed.kill("bk-db1");
            testbed.kill("bk-db2");
            Thread.sleep(1000);
            writer.close();
            ops = writer.ops();
        }

        PushRun status = pair.push("backup", "status");
        assertThat(status.exitCode()).as("no primary to ask: never healthy\n" + status.out()).isEqualTo(1);
        assertThat(status.out()).contains("backups: PROBLEM", "WAL lag unknown");
        ExecResult lag = nrpeCheck("wal-lag", "16777216", "134217728");
        assertThat(lag.exitStatus()).as(lag.stdout()).isEqualTo(2);

        PushRun run = pair.push("backup", "restore", "bk-fresh", "--latest");

        assertThat(run.exitCode()).as(run.out()).isZero();
        Set<String> restored = new HashSet<>(DbPair.psql(fresh, "SELECT body FROM posts WHERE author = 'writer'")
                .lines().toList());
        List<Writer.Op> acknowledged = ops.stream().filter(Writer.Op::acknowledged).toList();
        List<Writer.Op> lost = acknowledged.stream().filter(o -> !restored.contains(o.body())).toList();
        Duration rpo = lost.stream().map(o -> Duration.between(o.end(), killed)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        System.out.println("BackupIT RPO: " + acknowledged.size() + " writes acknowledged, " + lost.size()
                + " lost, the oldest of them acknowledged " + rpo.toMillis() + " ms before the kill");
        assertThat(acknowledged).hasSizeGreaterThan(50);
        assertThat(lost).as("acknowledged more than 1 s before the kill, and lost").noneMatch(o -> o.end()
                .isBefore(killed.minusSeconds(1)));

        // The operator's inventory after losing the pair: bk-fresh is the db group now; bk-db1 and bk-db2 are gone.
        StringBuilder hosts = new StringBuilder();
        for (TestbedHost app : pair.apps()) {
            hosts.append("  ").append(app.name()).append(":\n    address: ").append(app.address())
                    .append("\n    groups: [app]\n");
        }
        Path after = Files.writeString(inventory.resolveSibling("after-loss.yaml"), TestbedInventory.ssh(
                TestbedInventory.knownHosts(), "  connect_timeout: 5s\n") + "groups:\n  db:\n  app:\n  backup:\n"
                + "hosts:\n" + hosts + "  bk-backup:\n    address: " + backup.address() + "\n    groups: [backup]\n"
                + "  bk-fresh:\n    address: " + fresh.address() + "\n    groups: [db]\n"
                + "backup:\n  server: bk-backup\n");
        PushRun alias = DbPair.push(after, pair.logDir(), "db", "alias", "set", "bk-fresh");
        assertThat(alias.exitCode()).as(alias.out()).isZero();
        for (TestbedHost app : pair.apps()) {
            app.exec("systemctl", "restart", "speedy-app").orThrow();
        }
        assertThat(awaitPost(pair.apps().get(0))).as("speedy-app writes to the restored database").isEqualTo(201);
    }

    /** push as an operator starts it, in a process of its own (so that it can be killed), with the pair's files. */
    private static Process pushProcess(String... args) throws IOException {
        return PushRun.process(pair.logDir().resolve("killed-push.out"), List.of("-i", inventory.toString(),
                "--log-dir", pair.logDir().toString()), args);
    }

    /** What push backup setup would change: the db hosts' pg_hba.conf and roles, the backup host's files and units. */
    private String state() {
        StringBuilder state = new StringBuilder();
        for (TestbedHost db : pair.dbHosts()) {
            state.append(db.read("/etc/postgresql/15/main/pg_hba.conf"));
        }
        state.append(DbPair.psql(pair.db1(), "SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE"
                + " '%barman%'"));
        state.append(backup.exec("sh", "-c", "ls -la /etc/barman.d /etc/speedy-backup /var/lib/barman 2>&1;"
                + " systemctl is-enabled speedy-backup-receive-wal speedy-backup-base.timer 2>&1").stdout());
        return state.toString();
    }

    /** bk-fresh's cluster as a new host's: PostgreSQL's own databases only, stopped (not push's job). */
    private void freshCluster() {
        fresh.exec("sh", "-c", "cd / && pg_dropcluster --stop 15 main 2>/dev/null; rm -rf /var/lib/postgresql/15/"
                + "main.replaced-*; pg_createcluster 15 main >/dev/null && systemctl daemon-reload").orThrow();
    }

    /** speedy-monitoring's backup check as NRPE runs it: as nagios, reading speedy-backup's report through sudo. */
    /**
     * Sends what is queued now rather than waiting for the timer. A start while the timer's own run is active joins
     * that run, which may have listed the queue before the newest base backup was in it; the second start begins a run
     * that sees everything queued before this call.
     */
    private void sendOffsiteNow() {
        backup.exec("systemctl", "start", "speedy-backup-offsite.service").orThrow();
        backup.exec("systemctl", "start", "speedy-backup-offsite.service").orThrow();
    }

    private ExecResult nrpeCheck(String what, String warning, String critical) {
        return backup.exec("runuser", "-u", "nagios", "--", "/usr/lib/speedy-monitoring/nagios/check_speedy_backup",
                what, "-w", warning, "-c", critical);
    }

    private String barman(String... args) {
        ExecResult result = backup.exec(concat(new String[] {"runuser", "-u", "barman", "--", "barman"}, args));
        return result.orThrow().stdout();
    }

    private static int awaitPost(TestbedHost app) throws InterruptedException {
        int status = 0;
        for (int i = 0; i < 60 && status != 201; i++) {
            try {
                status = Writer.post(app, "after-restore").statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            }
            Thread.sleep(500);
        }
        return status;
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
