package com.speedy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import com.speedy.testbed.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's dump job, run as its systemd unit runs it, against the real PostgreSQL that {@code bin/setup} installs:
 * what it writes, that a dump restores, that retention keeps what it says, and that a failed run (a database that is
 * not there, a full disk, bad settings) prunes nothing and leaves every earlier dump as it was.
 */
class DumpJobTest {
    private static final Path SCRIPT = Path.of("src", "deb", "lib", "speedy-backup-dump").toAbsolutePath();
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

    private ProcessResult run(Path conf) throws Exception {
        return LocalCommand.of(SCRIPT.toString())
                .withEnvironment(Map.of("SPEEDY_BACKUP_CONF", conf.toString(), "PGPASSWORD", "speedy_test"))
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

    /** Every file under {@code root} (but the job's lock) with its SHA-256: equal maps mean nothing changed. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    files.put(root.relativize(p).toString(), sha256(p));
                }
            }
        }
        return files;
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
