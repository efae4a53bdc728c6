package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a Debian maintainer would check in each built .deb, read with the real dpkg-deb and lintian. */
class DebPackageIT {
    private static final Map<String, List<String>> UNITS = Map.of(
            "speedy-app", List.of("speedy-app.service"),
            "speedy-notifier", List.of("speedy-notifier.service"),
            "speedy-jobs", List.of("speedy-jobs-purge.service", "speedy-jobs-purge.timer",
                    "speedy-jobs-trending.service", "speedy-jobs-trending.timer"));
    private static final Set<String> SECTIONS = Set.of("admin", "misc", "net", "web", "utils", "database", "java");
    private static final Pattern EXEC_START_CLASS = Pattern.compile("^ExecStart=/usr/bin/java .* -cp (\\S+) (\\S+) ",
            Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs", "speedy-monitoring", "speedy-backup",
        "speedy-lb", "speedy-tools"})
    void lintianReportsNoErrorsAndNoWarnings(String name) throws Exception {
        DebFile deb = DebFile.of(name);

        Command lintian = Command.run("lintian", "--tag-display-limit", "0", "--fail-on", "error,warning",
                deb.path().toString());

        List<String> findings = lintian.output().lines().filter(l -> l.matches("^[EW]: .*")).toList();
        assertThat(findings).as("lintian on %s", deb.path()).isEmpty();
        assertThat(lintian.exitCode()).as("lintian exit code; output:\n%s", lintian.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void controlFieldsAreCompleteAndDependOnAJava17Runtime(String name) throws Exception {
        DebFile deb = DebFile.of(name);

        assertThat(deb.field("Package")).isEqualTo(name);
        assertThat(deb.field("Architecture")).isEqualTo("all");
        assertThat(deb.field("Priority")).isEqualTo("optional");
        assertThat(deb.field("Section")).isIn(SECTIONS);
        assertThat(deb.field("Maintainer")).matches("[^<>]+ <[^@\\s]+@[^>\\s]+>");
        assertThat(deb.field("Homepage")).startsWith("https://");
        assertThat(deb.field("Description")).contains("\n ");
        assertThat(deb.field("Depends").split(",\\s*"))
                .contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless", "adduser");
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void versionComesFromTheMavenVersionAndASnapshotSortsBeforeItsRelease(String name) throws Exception {
        String maven = System.getProperty("speedy.version");
        String version = DebFile.of(name).field("Version");
        String release = maven.replace("-SNAPSHOT", "");

        assertThat(version).startsWith(maven.endsWith("-SNAPSHOT") ? release + "~SNAPSHOT" : release).endsWith("-1");
        assertThat(dpkgCompare(version, maven.endsWith("-SNAPSHOT") ? "lt" : "eq", release + "-1")).isTrue();
        assertThat(DebFile.of("speedy-app").field("Version")).as("one version for all three").isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.2.0~SNAPSHOT20261122000000-1 lt 1.2.0~SNAPSHOT20261123000000-1",
        "1.2.0~SNAPSHOT20261123000000-1 lt 1.2.0~rc1-1",
        "1.2.0~rc1-1 lt 1.2.0~rc2-1",
        "1.2.0~rc2-1 lt 1.2.0-1",
        "1.2.0-1 lt 1.2.1~SNAPSHOT20261122000000-1",
        "1.2.0-1 lt 1.10.0-1",
    })
    void derivedVersionsSortAsDpkgCompareVersionsSays(String comparison) throws Exception {
        String[] parts = comparison.split(" ");
        assertThat(dpkgCompare(parts[0], parts[1], parts[2])).as(comparison).isTrue();
        assertThat(dpkgCompare(parts[2], parts[1], parts[0])).as("not the other way round").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void filesLiveWhereDebianPutsThem(String name) throws Exception {
        DebFile deb = DebFile.of(name);
        Set<String> files = deb.entries().stream().filter(e -> !e.isDirectory()).map(DebFile.Entry::path)
                .collect(Collectors.toSet());

        assertThat(files).contains(
                "/usr/share/" + name + "/" + name + ".jar",
                "/etc/speedy/" + name + ".conf",
                "/usr/share/doc/" + name + "/copyright",
                "/usr/share/doc/" + name + "/changelog.Debian.gz");
        assertThat(files).containsAll(UNITS.get(name).stream().map(u -> "/lib/systemd/system/" + u).toList());
        assertThat(files).filteredOn(f -> f.startsWith("/lib/systemd/system/")).hasSameSizeAs(UNITS.get(name));
        assertThat(files).filteredOn(f -> f.startsWith("/usr/share/" + name + "/lib/")).isNotEmpty()
                .allMatch(f -> f.endsWith(".jar"));
        assertThat(files).allMatch(f -> f.startsWith("/usr/share/") || f.startsWith("/etc/speedy/")
                || f.startsWith("/lib/systemd/system/"), "only under /usr/share, /etc/speedy and the unit folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void everythingIsOwnedByRootWithPlainModes(String name) throws Exception {
        for (DebFile.Entry entry : DebFile.of(name).entries()) {
            assertThat(entry.owner()).as(entry.path()).isEqualTo("root/root");
            assertThat(entry.mode()).as(entry.path()).isEqualTo(entry.isDirectory() ? "drwxr-xr-x" : "-rw-r--r--");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void theConffileIsDeclaredAndShipsARequiredPasswordPlaceholder(String name) throws Exception {
        DebFile deb = DebFile.of(name);

        assertThat(Files.readAllLines(deb.controlFile("conffiles"))).containsExactly("/etc/speedy/" + name + ".conf");
        assertThat(Files.readString(deb.unpacked("/etc/speedy/" + name + ".conf"))).containsPattern("(?m)^db.password = ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void md5sumsListEveryFileWithItsTrueChecksum(String name) throws Exception {
        DebFile deb = DebFile.of(name);
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(deb.controlFile("md5sums"))) {
            listed.put("/" + line.substring(34), line.substring(0, 32));
        }
        Map<String, String> actual = new TreeMap<>();
        for (DebFile.Entry entry : deb.entries()) {
            if (!entry.isDirectory() && !entry.path().startsWith("/etc/")) {
                actual.put(entry.path(), md5(deb.unpacked(entry.path())));
            }
        }

        assertThat(listed).containsAllEntriesOf(actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void maintainerScriptsAreStrictShellThatParses(String name) throws Exception {
        DebFile deb = DebFile.of(name);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path path = deb.controlFile(script);
            String text = Files.readString(path);

            assertThat(text).as(script).startsWith("#!/bin/sh\n").containsPattern("(?m)^set -e$").doesNotContain("@");
            assertThat(Files.isExecutable(path)).as(script + " executable").isTrue();
            assertThat(Command.run("sh", "-n", path.toString()).exitCode()).as("sh -n " + script).isZero();
        }
        assertThat(Files.readString(deb.controlFile("postinst")))
                .contains("deb-systemd-helper", "deb-systemd-invoke", "adduser --system")
                .contains(UNITS.get(name).stream().filter(u -> !name.equals("speedy-jobs") || u.endsWith(".timer"))
                        .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "speedy-notifier", "speedy-jobs"})
    void unitsRunAMainClassThatTheShippedJarHolds(String name) throws Exception {
        DebFile deb = DebFile.of(name);
        for (String unit : UNITS.get(name)) {
            if (!unit.endsWith(".service")) {
                continue;
            }
            String text = Files.readString(deb.unpacked("/lib/systemd/system/" + unit));
            assertThat(text).as(unit).contains("User=speedy", "NoNewPrivileges=yes");
            Matcher exec = EXEC_START_CLASS.matcher(text);
            assertThat(exec.find()).as(unit + " ExecStart runs java -cp ... MainClass").isTrue();
            assertThat(exec.group(1)).isEqualTo("/usr/share/" + name + "/" + name + ".jar:/usr/share/" + name + "/lib/*");
            try (JarFile jar = new JarFile(deb.unpacked("/usr/share/" + name + "/" + name + ".jar").toFile())) {
                assertThat(jar.getEntry(exec.group(2).replace('.', '/') + ".class")).as(exec.group(2)).isNotNull();
            }
        }
    }

    private static boolean dpkgCompare(String a, String op, String b) throws Exception {
        return Command.run("dpkg", "--compare-versions", a, op, b).exitCode() == 0;
    }

    private static String md5(Path file) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (InputStream in = Files.newInputStream(file)) {
            md5.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
