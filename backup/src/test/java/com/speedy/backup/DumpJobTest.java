package com.speedy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import com.speedy.testbed.LocalPostgres;
import com.speedy.testbed.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's dump job, run as its systemd unit runs it, against the real PostgreSQL that {@code bin/setup} installs:
 * what it writes, that a dump restores, that retention keeps what it says, and that a failed run (a database that is
 * not there, a full disk, bad settings) prunes nothing and leaves every earlier dump as it was.
 */
class DumpJobTest {
    private static final Path BIN = Path.of("src", "deb", "bin").toAbsolutePath();
    private static final Path SCRIPT = BIN.resolve("speedy-backup-dump");
    private static final Path OFFSITE = BIN.resolve("speedy-backup-offsite");
    private static final Path LIB = Path.of("src", "deb", "lib").toAbsolutePath();
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @TempDir
    Path work;
    private Path dumps;
    private String database;
    private final List<String> databases = new ArrayList<>();

    @BeforeEach
    void createTheApplicationDatabase() throws Exception {
        dumps = Files.createDirectory(work.resolve("dumps"));
        database = createDatabase();
        psql(database, "CREATE TABLE notifications (id bigserial PRIMARY KEY, body text NOT NULL);"
                + " INSERT INTO notifications (body) SELECT 'note ' || n FROM generate_series(1, 2500) n;");
    }

    @AfterEach
    void dropTheDatabases() throws Exception {
        for (String name : databases) {
            psql("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Test
    void aDumpIsVerifiedAgainstItsManifestAndRestoresEveryRow() throws Exception {
        ProcessResult run = runJob(settings(7, 4, 12));

        assertThat(run.exitStatus()).as("%s", run).isZero();
        List<Path> made = completeDumps();
        assertThat(made).hasSize(1);
        Path dump = made.get(0);
        assertThat(Files.readString(dump.resolve("SHA256SUMS")).lines().map(l -> l.substring(66)))
                .containsExactly(database + ".dump", "globals.sql");
        ProcessResult check = LocalCommand.of("sha256sum", "--check", "SHA256SUMS").inDirectory(dump).run();
        assertThat(check.exitStatus()).as("%s", check).isZero();
        assertThat(Files.readString(dump.resolve("globals.sql"))).contains("CREATE ROLE speedy_test;");
        String restored = createDatabase();
        LocalCommand.of("pg_restore", "--no-owner", "--dbname=" + restored, dump.resolve(database + ".dump").toString())
                .withEnvironment(LocalPostgres.env()).run().orThrow();
        assertThat(psql(restored, "SELECT count(*), max(body) FROM notifications").strip()).isEqualTo("2500|note 999");
        assertThat(run.stdoutText()).contains("verified " + dump);
        try (Stream<Path> left = Files.list(dumps)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    dump.getFileName().toString(), ".lock");
        }
    }

    @Test
    void retentionKeepsTheNewestDumpOfEachOfTheNewestDaysWeeksAndMonths() throws Exception {
        // Two dumps a day for 400 days before today: more than every period keeps.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> earlier = new ArrayList<>();
        for (int daysAgo = 400; daysAgo >= 1; daysAgo--) {
            String day = today.minusDays(daysAgo).format(DAY);
            earlier.add(day + "T013000Z");
            earlier.add(day + "T023000Z");
        }
        for (String stamp : earlier) {
            fakeDump(stamp);
        }

        ProcessResult run = runJob(settings(7, 4, 12));

        assertThat(run.exitStatus()).as("%s", run).isZero();
        List<String> stamps = new ArrayList<>(earlier);
        stamps.add(completeDumps().get(completeDumps().size() - 1).getFileName().toString());
        assertThat(names(completeDumps())).containsExactlyElementsOf(expectedKept(stamps, 7, 4, 12));
        assertThat(names(completeDumps()).stream().map(stamp -> stamp.substring(0, 6)).distinct())
                .as("one dump for each of 12 months").hasSize(12);
    }

    @Test
    void retentionCountsIsoWeeksAcrossAYearEndWithAWeek53() throws Exception {
        // Worked by hand: 2027-01-04 is a Monday of 2027-W01; 2027-01-03 and 2026-12-31 are in 2026-W53; 2026-12-27
        // in 2026-W52. One day, two weeks, one month: the 4th (its day), the 3rd (the second week); the others go.
        ProcessResult run = LocalCommand.of("bash", "-c", ". \"$1\"; KEEP_DAILY=1 KEEP_WEEKLY=2 KEEP_MONTHLY=1"
                + " speedy_backup_prunable", "retention", LIB.resolve("speedy-backup.sh").toString())
                .withStdin("20270104T023000Z\n20270103T023000Z\n20261231T023000Z\n20261227T023000Z\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).run().orThrow();

        assertThat(run.stdoutText().lines()).containsExactly("20261231T023000Z", "20261227T023000Z");
    }

    @Test
    void aDumpThatFailsPrunesNothingAndLeavesNoPartialFolder() throws Exception {
        for (int day = 1; day <= 20; day++) {
            fakeDump(LocalDate.of(2026, 10, day).format(DAY) + "T023000Z");
        }
        Map<String, String> before = contents(dumps);

        ProcessResult run = runJob(settings(1, 1, 1).replace("DATABASE=" + database, "DATABASE=no_such_database"));

        assertThat(run.exitStatus()).as("%s", run).isEqualTo(1);
        assertThat(run.stderrText()).contains("pg_dump of no_such_database from localhost failed; nothing was pruned");
        assertThat(contents(dumps)).isEqualTo(before);
    }

    @Test
    void aFullDiskFailsClearlyAndKeepsEveryEarlierDump() throws Exception {
        Path small = Files.createDirectory(work.resolve("small"));
        LocalCommand.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()).run().orThrow();
        try {
            dumps = small;
            for (int day = 1; day <= 3; day++) {
                fakeDump(LocalDate.of(2026, 11, day).format(DAY) + "T023000Z");
            }
            psql(database, "INSERT INTO notifications (body) SELECT md5(n::text) || md5((n * 7)::text)"
                    + " FROM generate_series(1, 40000) n;");
            Map<String, String> before = contents(dumps);

            ProcessResult run = runJob(settings(1, 1, 1));

            assertThat(run.exitStatus()).as("%s", run).isEqualTo(1);
            assertThat(run.stderrText()).contains("No space left on device").contains("nothing was pruned");
            assertThat(contents(dumps)).isEqualTo(before);
        } finally {
            LocalCommand.of("umount", small.toString()).run().orThrow();
        }
    }

    @Test
    void aFolderLeftByAKilledRunIsRemovedByTheNext() throws Exception {
        Path partial = Files.createDirectories(dumps.resolve(".partial-20261101T023000Z"));
        Files.writeString(partial.resolve(database + ".dump"), "half a dump");

        ProcessResult run = runJob(settings(7, 4, 12));

        assertThat(run.exitStatus()).as("%s", run).isZero();
        assertThat(partial).doesNotExist();
        assertThat(run.stdoutText()).contains("removing " + partial + ", left by a run that did not finish");
    }

    @Test
    void badSettingsAreNamedWithTheFileAndChangeNothing() throws Exception {
        fakeDump("20261101T023000Z");
        Map<String, String> before = contents(dumps);

        ProcessResult missing = run(work.resolve("absent.conf"));
        ProcessResult notANumber = runJob(settings(7, 4, 12).replace("KEEP_WEEKLY=4", "KEEP_WEEKLY=four"));
        ProcessResult keepsNothing = runJob(settings(0, 4, 12));

        assertThat(missing.exitStatus()).isEqualTo(2);
        assertThat(missing.stderrText()).contains(work.resolve("absent.conf") + ": cannot read it");
        assertThat(notANumber.exitStatus()).isEqualTo(2);
        assertThat(notANumber.stderrText()).contains("backup.conf: KEEP_WEEKLY=four is not a whole number");
        assertThat(keepsNothing.exitStatus()).isEqualTo(2);
        assertThat(keepsNothing.stderrText()).contains("KEEP_DAILY=0 keeps no dump");
        assertThat(contents(dumps)).isEqualTo(before);
    }

    /** The off-site copy that follows each dump where object storage is set: a real S3 server, the real age and rclone. */
    @Nested
    class OffSite {
        private static final String BUCKET = "speedy-backups";
        /** One server for these tests (it takes seconds to start); each test begins with it empty. */
        private static S3Server s3;
        private Path identity;
        private Path recipients;

        @BeforeAll
        static void startTheStorage(@TempDir Path dir) throws Exception {
            s3 = S3Server.start(dir);
        }

        @AfterAll
        static void stopTheStorage() throws Exception {
            s3.close();
        }

        @BeforeEach
        void emptyTheStorageAndMakeAKeyPair() throws Exception {
            try (Stream<Path> buckets = Files.list(s3.objects())) {
                for (Path bucket : buckets.toList()) {
                    LocalCommand.of("rm", "-rf", "--", bucket.toString()).run().orThrow();
                }
            }
            identity = work.resolve("identity.txt");
            LocalCommand.of("age-keygen", "-o", identity.toString()).run().orThrow();
            String publicKey = LocalCommand.of("age-keygen", "-y", identity.toString()).run().orThrow().stdoutText();
            recipients = Files.writeString(work.resolve("recipients"), "# the operators' keys\n" + publicKey);
        }

        @Test
        void aDumpIsStoredEncryptedAndOnlyThePrivateKeyReadsItBack() throws Exception {
            ProcessResult run = runJob(offsite(settings(7, 4, 12)));

            assertThat(run.exitStatus()).as("%s", run).isZero();
            Path dump = completeDumps().get(0);
            Path stored = bucket().resolve("dumps").resolve(dump.getFileName());
            try (Stream<Path> files = Files.list(stored)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                        database + ".dump.age", "globals.sql.age", "SHA256SUMS.age", "OBJECTS.SHA256SUMS");
            }
            assertThat(Files.readString(stored.resolve("globals.sql.age"), StandardCharsets.ISO_8859_1))
                    .startsWith("age-encryption.org/v1").doesNotContain("CREATE ROLE");
            for (String name : List.of(database + ".dump", "globals.sql", "SHA256SUMS")) {
                byte[] plain = LocalCommand.of("age", "--decrypt", "-i", identity.toString(),
                        stored.resolve(name + ".age").toString()).run().orThrow().stdout();
                assertThat(plain).as(name).isEqualTo(Files.readAllBytes(dump.resolve(name)));
            }
            assertThat(run.stdoutText()).contains("verified " + BUCKET + "/dumps/" + dump.getFileName() + ": 3 objects");
        }

        @Test
        void aDamagedObjectInTheStorageIsReportedNeverPassed() throws Exception {
            assertThat(runJob(offsite(settings(7, 4, 12))).exitStatus()).isZero();
            String stamp = completeDumps().get(0).getFileName().toString();
            Path object = bucket().resolve("dumps").resolve(stamp).resolve("globals.sql.age");
            byte[] bytes = Files.readAllBytes(object);
            bytes[bytes.length / 2] ^= 1;
            Files.write(object, bytes);

            ProcessResult verify = script(work.resolve("backup.conf"), OFFSITE, "verify", stamp);

            assertThat(verify.exitStatus()).as("%s", verify).isEqualTo(1);
            assertThat(verify.stderrText()).contains(BUCKET + "/dumps/" + stamp + "/globals.sql.age does not match the"
                    + " SHA-256 recorded when it was sent");
        }

        @Test
        void anUnreachableStorageFailsTheRunClearlyAndKeepsTheLocalDump() throws Exception {
            int closed;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            ProcessResult run = runJob(offsite(settings(7, 4, 12))
                    .replace("S3_ENDPOINT=" + s3.endpoint(), "S3_ENDPOINT=http://127.0.0.1:" + closed));

            assertThat(run.exitStatus()).as("%s", run).isEqualTo(1);
            assertThat(run.stderrText()).contains("cannot reach bucket " + BUCKET + " at http://127.0.0.1:" + closed)
                    .contains("the off-site copy of " + completeDumps().get(0) + " failed; the dump itself is kept");
            assertThat(completeDumps()).hasSize(1);
        }

        @Test
        void wrongCredentialsOrABadRecipientFailTheRunAndNothingStoredIsLost() throws Exception {
            assertThat(runJob(offsite(settings(1, 1, 1))).exitStatus()).isZero();
            Map<String, String> stored = contents(bucket());
            Path wrong = Files.writeString(work.resolve("wrong-credentials"),
                    "[default]\naws_access_key_id = " + S3Server.ACCESS_KEY + "\naws_secret_access_key = wrong\n");
            Files.writeString(work.resolve("bad-recipients"), "age1notakey\n");

            ProcessResult refused = runJob(offsite(settings(1, 1, 1))
                    .replace("S3_CREDENTIALS=" + s3.credentials(), "S3_CREDENTIALS=" + wrong));
            ProcessResult badKey = runJob(offsite(settings(1, 1, 1))
                    .replace("AGE_RECIPIENTS=" + recipients, "AGE_RECIPIENTS=" + work.resolve("bad-recipients")));

            assertThat(refused.exitStatus()).as("%s", refused).isEqualTo(1);
            assertThat(refused.stderrText()).contains("SignatureDoesNotMatch");
            assertThat(badKey.exitStatus()).as("bad settings of the copy: %s", badKey.stderrText()).isEqualTo(2);
            assertThat(badKey.stderrText()).contains("AGE_RECIPIENTS=" + work.resolve("bad-recipients")
                    + " is refused by age: age: error: failed to parse recipient file").contains("malformed recipient");
            assertThat(contents(bucket())).as("what the storage held").isEqualTo(stored);
        }

        @Test
        void theStoragesDumpsArePrunedByTheRuleAndCopiesThatDidNotFinishRemoved() throws Exception {
            List<String> earlier = new ArrayList<>();
            for (int month = 1; month <= 10; month++) {
                earlier.add("2026" + String.format("%02d", month) + "15T023000Z");
            }
            for (String stamp : earlier) {
                Path folder = Files.createDirectories(bucket().resolve("dumps").resolve(stamp));
                Files.writeString(folder.resolve("globals.sql.age"), "an older copy");
                Files.writeString(folder.resolve("OBJECTS.SHA256SUMS"), "0  globals.sql.age\n");
            }
            Path unfinished = Files.createDirectories(bucket().resolve("dumps").resolve("20261101T023000Z"));
            Files.writeString(unfinished.resolve("globals.sql.age"), "half a copy");

            ProcessResult run = runJob(offsite(settings(1, 1, 3)));

            assertThat(run.exitStatus()).as("%s", run).isZero();
            List<String> stamps = new ArrayList<>(earlier);
            stamps.add(completeDumps().get(0).getFileName().toString());
            try (Stream<Path> left = Files.list(bucket().resolve("dumps"))) {
                assertThat(left.map(p -> p.getFileName().toString()).sorted())
                        .containsExactlyElementsOf(expectedKept(stamps, 1, 1, 3));
            }
            assertThat(run.stdoutText()).contains("removing " + BUCKET + "/dumps/20261101T023000Z, a copy that did not"
                    + " finish");
        }

        @Test
        void barmansWalAndBaseBackupsAreQueuedByTheHooksAndSentEncrypted() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            Path streaming = Files.createDirectories(work.resolve("barman/streaming"));
            List<Path> wal = List.of(streaming.resolve("000000010000000000000001"),
                    streaming.resolve("000000010000000000000002"), streaming.resolve("00000002.history"));
            for (Path file : wal) {
                Files.write(file, randomBytes(64 * 1024));
                ProcessResult queued = script(conf, Map.of("BARMAN_FILE", file.toString()), OFFSITE, "queue-wal");
                assertThat(queued.exitStatus()).as("%s", queued.stderrText()).isZero();
            }
            Path backup = Files.createDirectories(work.resolve("barman/base/20261202T010203/data"));
            Files.writeString(backup.resolveSibling("backup.info"),
                    "status=DONE\nbegin_wal=000000010000000000000001\n");
            Files.writeString(backup.resolve("PG_VERSION"), "15\n");
            Map<String, String> hook = Map.of("BARMAN_BACKUP_ID", "20261202T010203",
                    "BARMAN_BACKUP_DIR", backup.getParent().toString(), "BARMAN_STATUS", "DONE");
            assertThat(script(conf, hook, OFFSITE, "queue-base").exitStatus()).isZero();

            ProcessResult send = script(conf, OFFSITE, "send");

            assertThat(send.exitStatus()).as("%s", send.stderrText()).isZero();
            assertThat(send.stdoutText()).contains("sent 4 queued item(s) to " + BUCKET);
            for (Path file : wal) {
                Path stored = bucket().resolve("wal").resolve(file.getFileName() + ".age");
                assertThat(decrypt(stored)).isEqualTo(Files.readAllBytes(file));
                assertThat(Files.readString(stored.resolveSibling(file.getFileName() + ".age.sha256")))
                        .isEqualTo(sha256(stored) + "  " + stored.getFileName() + "\n");
            }
            Path tar = Files.write(work.resolve("backup.tar"),
                    decrypt(bucket().resolve("base/20261202T010203/backup.tar.age")));
            assertThat(LocalCommand.of("tar", "-tf", tar.toString()).run().orThrow().stdoutText().lines())
                    .contains("./backup.info", "./data/PG_VERSION");
            assertThat(bucket().resolve("base/20261202T010203/OBJECTS.SHA256SUMS")).exists();
            try (Stream<Path> queue = Files.walk(outbox())) {
                assertThat(queue.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                        .containsExactly(".lock");
            }
        }

        @Test
        void aStorageThatIsDownKeepsTheQueueAndTheNextSendEmptiesIt() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            Path segment = Files.write(Files.createDirectories(work.resolve("streaming"))
                    .resolve("000000010000000000000007"), randomBytes(4096));
            assertThat(script(conf, Map.of("BARMAN_FILE", segment.toString()), OFFSITE, "queue-wal").exitStatus())
                    .isZero();
            Files.delete(segment);
            assertThat(script(conf, Map.of("BARMAN_STATUS", "FAILED", "BARMAN_BACKUP_ID", "20261202T010203",
                    "BARMAN_BACKUP_DIR", work.toString()), OFFSITE, "queue-base").stdoutText())
                    .contains("not queued: backup 20261202T010203 FAILED");
            int closed;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            Path down = Files.writeString(work.resolve("down.conf"), Files.readString(conf)
                    .replace("S3_ENDPOINT=" + s3.endpoint(), "S3_ENDPOINT=http://127.0.0.1:" + closed));

            ProcessResult failed = script(down, OFFSITE, "send");
            ProcessResult later = script(conf, OFFSITE, "send");

            assertThat(failed.exitStatus()).as("%s", failed.stderrText()).isEqualTo(1);
            assertThat(failed.stderrText()).contains("cannot reach bucket " + BUCKET);
            assertThat(later.exitStatus()).as("%s", later.stderrText()).isZero();
            assertThat(later.stdoutText()).contains("sent 1 queued item(s)");
            assertThat(bucket().resolve("wal/000000010000000000000007.age")).exists();
            assertThat(outbox().resolve("wal/000000010000000000000007")).doesNotExist();
        }

        @Test
        void aBaseBackupQueuedWhileWaitingForItsWalIsSentOnceBarmanMarksItDone() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            Path backup = Files.createDirectories(work.resolve("barman/base/20261202T030405/data"));
            Path info = Files.writeString(backup.resolveSibling("backup.info"), "status=WAITING_FOR_WALS\n");
            Files.writeString(backup.resolve("PG_VERSION"), "15\n");
            assertThat(script(conf, Map.of("BARMAN_BACKUP_ID", "20261202T030405", "BARMAN_BACKUP_DIR",
                    backup.getParent().toString(), "BARMAN_STATUS", "WAITING_FOR_WALS"), OFFSITE, "queue-base")
                    .exitStatus()).isZero();

            ProcessResult waiting = script(conf, OFFSITE, "send");
            // As Barman does: a new backup.info renamed over the old one.
            Files.writeString(info.resolveSibling("backup.info.tmp"),
                    "status=DONE\nbegin_wal=000000010000000000000009\n");
            Files.move(info.resolveSibling("backup.info.tmp"), info, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            ProcessResult done = script(conf, OFFSITE, "send");

            assertThat(waiting.stdoutText()).contains("base backup 20261202T030405 is not DONE yet"
                    + " (status=WAITING_FOR_WALS); it stays queued", "sent 0 queued item(s)");
            assertThat(done.exitStatus()).as("%s", done.stderrText()).isZero();
            assertThat(done.stdoutText()).contains("sent base backup 20261202T030405");
            Path tar = Files.write(work.resolve("backup.tar"),
                    decrypt(bucket().resolve("base/20261202T030405/backup.tar.age")));
            assertThat(LocalCommand.of("tar", "-xOf", tar.toString(), "./backup.info").run().orThrow().stdoutText())
                    .isEqualTo("status=DONE\nbegin_wal=000000010000000000000009\n");
            assertThat(LocalCommand.of("tar", "-tf", tar.toString()).run().orThrow().stdoutText())
                    .doesNotContain("speedy-backup-source");
        }

        @Test
        void theCheckReadsBackTheNewestBaseBackupAndItsWalAndNamesADamagedOrMissingObject() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            Path archive = Files.createDirectories(work.resolve("barman/wals/0000000100000000"));
            List<String> names = List.of("000000010000000000000003", "000000010000000000000004",
                    "000000010000000000000005");
            for (String name : names) {
                Path file = Files.write(archive.resolve(name), randomBytes(32 * 1024));
                assertThat(script(conf, Map.of("BARMAN_FILE", file.toString()), OFFSITE, "queue-wal").exitStatus())
                        .isZero();
            }
            // An older file than the backup's first: not needed by it, never sent, never asked for.
            Files.write(archive.resolve("000000010000000000000002"), randomBytes(1024));
            Path backup = Files.createDirectories(work.resolve("barman/base/20261202T010203/data"));
            Files.writeString(backup.resolveSibling("backup.info"),
                    "status=DONE\nbegin_wal=000000010000000000000003\n");
            assertThat(script(conf, Map.of("BARMAN_BACKUP_ID", "20261202T010203", "BARMAN_BACKUP_DIR",
                    backup.getParent().toString(), "BARMAN_STATUS", "DONE"), OFFSITE, "queue-base").exitStatus())
                    .isZero();
            ProcessResult send = script(conf, OFFSITE, "send");
            assertThat(send.exitStatus()).as("%s", send.stderrText()).isZero();
            // One more file, archived and still queued: counted as waiting, not as missing.
            Path queued = Files.write(archive.resolve("000000010000000000000006"), randomBytes(1024));
            assertThat(script(conf, Map.of("BARMAN_FILE", queued.toString()), OFFSITE, "queue-wal").exitStatus())
                    .isZero();

            ProcessResult healthy = script(conf, OFFSITE, "check");
            Path damaged = bucket().resolve("wal/000000010000000000000004.age");
            byte[] bytes = Files.readAllBytes(damaged);
            bytes[bytes.length - 1] ^= 1;
            Files.write(damaged, bytes);
            ProcessResult damage = script(conf, OFFSITE, "check");
            String damageRecord = Files.readString(work.resolve("offsite-check"));
            Files.delete(damaged);
            ProcessResult missing = script(conf, OFFSITE, "check");

            assertThat(healthy.exitStatus()).as("%s", healthy.stderrText()).isZero();
            assertThat(healthy.stdoutText()).contains("verified " + BUCKET + "/base/20261202T010203: 1 objects",
                    "checked " + BUCKET + ": base backup 20261202T010203, 3 WAL file(s) from 000000010000000000000003"
                    + " (1 still queued)");
            assertThat(damage.exitStatus()).isEqualTo(1);
            assertThat(damage.stderrText()).contains(BUCKET + "/wal/000000010000000000000004.age does not match the"
                    + " SHA-256 recorded when it was sent");
            assertThat(damageRecord).matches("[0-9]+\\|FAILED\\|" + BUCKET + "/wal/000000010000000000000004.age does"
                    + " not match .*\n");
            assertThat(missing.exitStatus()).isEqualTo(1);
            assertThat(missing.stderrText()).contains(BUCKET + "/wal/000000010000000000000004.age (or its .sha256) is"
                    + " missing from the storage");
            ProcessResult noArchive = script(conf, Map.of("SPEEDY_BACKUP_BARMAN_DIR", work.resolve("gone").toString()),
                    OFFSITE, "check");
            assertThat(noArchive.exitStatus()).as("an archive that cannot be listed is no pass").isEqualTo(1);
            assertThat(noArchive.stderrText()).contains("cannot list Barman's archive " + work.resolve("gone/wals"));
            assertThat(Files.readString(work.resolve("offsite-send")))
                    .matches("[0-9]+\\|ok\\|sent 4 queued item\\(s\\)\n");
        }

        @Test
        void aStorageWithNoBaseBackupFailsTheCheck() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            assertThat(runJob(offsite(settings(7, 4, 12))).exitStatus()).isZero();

            ProcessResult check = script(conf, OFFSITE, "check");

            assertThat(check.exitStatus()).isEqualTo(1);
            assertThat(check.stdoutText()).contains("verified " + BUCKET + "/dumps/");
            assertThat(check.stderrText()).contains(BUCKET + " holds no complete base backup");
        }

        @Test
        void theProbeTellsAStorageThatAnswersFromOneThatIsDownOrRefusesTheCredentials() throws Exception {
            Path conf = Files.writeString(work.resolve("backup.conf"), offsite(settings(7, 4, 12)));
            int closed;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            Path wrong = Files.writeString(work.resolve("wrong-credentials"),
                    "[default]\naws_access_key_id = " + S3Server.ACCESS_KEY + "\naws_secret_access_key = wrong\n");

            ProcessResult noBucketYet = script(conf, OFFSITE, "probe");
            ProcessResult down = script(Files.writeString(work.resolve("down.conf"), Files.readString(conf)
                    .replace("S3_ENDPOINT=" + s3.endpoint(), "S3_ENDPOINT=http://127.0.0.1:" + closed)), OFFSITE,
                    "probe");
            ProcessResult refused = script(Files.writeString(work.resolve("wrong.conf"), Files.readString(conf)
                    .replace("S3_CREDENTIALS=" + s3.credentials(), "S3_CREDENTIALS=" + wrong)), OFFSITE, "probe");
            Files.createDirectories(bucket());
            ProcessResult there = script(conf, OFFSITE, "probe");

            assertThat(noBucketYet.exitStatus()).as("%s", noBucketYet.stderrText()).isZero();
            assertThat(noBucketYet.stdoutText()).contains("bucket " + BUCKET + " does not exist yet");
            assertThat(down.exitStatus()).isEqualTo(1);
            assertThat(down.stderrText()).contains("http://127.0.0.1:" + closed + " bucket " + BUCKET + ":");
            assertThat(refused.exitStatus()).isEqualTo(1);
            assertThat(refused.stderrText()).contains("SignatureDoesNotMatch");
            assertThat(there.exitStatus()).as("%s", there.stderrText()).isZero();
            assertThat(there.stdoutText()).contains("bucket " + BUCKET + " is there");
            try (Stream<Path> stored = Files.list(s3.objects())) {
                assertThat(stored.map(p -> p.getFileName().toString())).containsExactly(BUCKET);
            }
        }

        private byte[] decrypt(Path object) throws Exception {
            return LocalCommand.of("age", "--decrypt", "-i", identity.toString(), object.toString()).run().orThrow()
                    .stdout();
        }

        private Path outbox() {
            return work.resolve("outbox");
        }

        private Path bucket() {
            return s3.objects().resolve(BUCKET);
        }

        private String offsite(String settings) {
            return settings + "S3_ENDPOINT=" + s3.endpoint() + "\nS3_BUCKET=" + BUCKET + "\nS3_CREDENTIALS="
                    + s3.credentials() + "\nAGE_RECIPIENTS=" + recipients + "\nOUTBOX_DIR=" + outbox() + "\n";
        }
    }

    /** The stamps that the retention rule keeps, worked out here from the rule as the script's header states it. */
    private static List<String> expectedKept(List<String> stamps, int daily, int weekly, int monthly) {
        List<String> newestFirst = stamps.stream().sorted((a, b) -> b.compareTo(a)).toList();
        Set<String> days = new HashSet<>();
        Set<String> weeks = new HashSet<>();
        Set<String> months = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (String stamp : newestFirst) {
            LocalDate date = LocalDate.parse(stamp.substring(0, 8), DAY);
            String week = date.get(IsoFields.WEEK_BASED_YEAR) + "-" + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            String month = stamp.substring(0, 6);
            boolean keep = !days.contains(stamp.substring(0, 8)) && days.size() < daily
                    || !weeks.contains(week) && weeks.size() < weekly
                    || !months.contains(month) && months.size() < monthly;
            days.add(stamp.substring(0, 8));
            weeks.add(week);
            months.add(month);
            if (keep) {
                kept.add(stamp);
            }
        }
        return kept.stream().sorted().toList();
    }

    private String settings(int daily, int weekly, int monthly) {
        return "DUMP_DIR=" + dumps + "\nPGHOST=localhost\nPGPORT=" + LocalPostgres.env().get("PGPORT")
                + "\nPGUSER=speedy_test\nDATABASE=" + database + "\nKEEP_DAILY=" + daily + "\nKEEP_WEEKLY=" + weekly
                + "\nKEEP_MONTHLY=" + monthly + "\n";
    }

    private ProcessResult runJob(String settings) throws Exception {
        Path conf = work.resolve("backup.conf");
        Files.writeString(conf, settings);
        return run(conf);
    }

    /**
     * The dump job, never twice in one UTC second: a dump is named by the second it starts, and the job refuses a name
     * that exists (a run that failed after dumping keeps its dump; CI once started the next run in the same second).
     */
    private ProcessResult run(Path conf) throws Exception {
        long second = System.currentTimeMillis() / 1000;
        while (second == lastRunSecond) {
            Thread.sleep(50);
            second = System.currentTimeMillis() / 1000;
        }
        lastRunSecond = second;
        return script(conf, SCRIPT);
    }

    private long lastRunSecond;

    /**
     * One of the package's scripts with these settings, as its unit runs it. AWS_CA_BUNDLE, which some machines set for
     * their own proxies, would make rclone's AWS SDK refuse its transport: a backup host's unit has no such variable.
     */
    private static ProcessResult script(Path conf, Path script, String... args) throws Exception {
        return script(conf, Map.of(), script, args);
    }

    /** The script with {@code env} added, as Barman gives its hooks BARMAN_FILE and the like. */
    private static ProcessResult script(Path conf, Map<String, String> env, Path script, String... args)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("env", "-u", "AWS_CA_BUNDLE", script.toString()));
        argv.addAll(List.of(args));
        return LocalCommand.of(argv).withEnvironment(Map.of("SPEEDY_BACKUP_CONF", conf.toString(),
                "SPEEDY_BACKUP_LIB", LIB.toString(), "PGPASSWORD", "speedy_test",
                "SPEEDY_BACKUP_STATE_DIR", conf.getParent().toString(),
                "SPEEDY_BACKUP_BARMAN_DIR", conf.getParent().resolve("barman").toString())).withEnvironment(env)
                .withTimeout(Duration.ofMinutes(2)).run();
    }

    /** A complete dump as the job leaves one: a stamp folder with a manifest. */
    private void fakeDump(String stamp) throws IOException {
        Path dir = Files.createDirectory(dumps.resolve(stamp));
        Files.writeString(dir.resolve("globals.sql"), "-- " + stamp + "\n");
        Files.writeString(dir.resolve("SHA256SUMS"), sha256(dir.resolve("globals.sql")) + "  globals.sql\n");
    }

    private List<Path> completeDumps() throws IOException {
        try (Stream<Path> all = Files.list(dumps)) {
            return all.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z")).sorted().toList();
        }
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * Every file and folder under {@code root} (but the job's lock), a file with its SHA-256: equal maps mean nothing
     * changed, not even an empty folder left behind.
     */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "folder" : sha256(p));
                }
            }
        }
        return files;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String createDatabase() throws Exception {
        String name = "speedy_backup_test_" + Long.toHexString(System.nanoTime());
        psql("postgres", "CREATE DATABASE " + name);
        databases.add(name);
        return name;
    }

    private static String psql(String db, String sql) throws Exception {
        return LocalCommand.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql)
                .withEnvironment(LocalPostgres.env()).run().orThrow().stdoutText();
    }
}
