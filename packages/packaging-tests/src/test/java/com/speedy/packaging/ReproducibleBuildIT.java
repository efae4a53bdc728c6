package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clean builds of the same sources, in two different folders, give byte-identical .debs, and the same bytes as the
 * build that is running these tests.
 */
class ReproducibleBuildIT {
    private static final List<String> PACKAGES = List.of("speedy-app", "speedy-notifier", "speedy-jobs");
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", ".idea");

    @Test
    void twoCleanBuildsGiveByteIdenticalDebs(@TempDir Path first, @TempDir Path second) throws Exception {
        Map<String, String> a = buildFromClean(first.resolve("checkout-one"));
        Map<String, String> b = buildFromClean(second.resolve("another-checkout"));

        assertThat(a).hasSize(PACKAGES.size());
        assertThat(b).isEqualTo(a);
        for (String name : PACKAGES) {
            DebFile current = DebFile.of(name);
            assertThat(DebPackageIT.sha256(current.path())).as("this build's %s", current.path())
                    .isEqualTo(a.get(current.path().getFileName().toString()));
        }
    }

    /** Copies the sources (no target/ folders) and builds the three packages there; returns deb name to sha256. */
    private static Map<String, String> buildFromClean(Path checkout) throws IOException, InterruptedException {
        copySources(DebFile.projectDir(), checkout);
        String mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
        Command build = Command.run(checkout, 15, mvn, "-B", "-q", "-o", "package", "-DskipTests",
                "-pl", "packages/speedy-app,packages/speedy-notifier,packages/speedy-jobs", "-am");
        assertThat(build.exitCode()).as("nested build in %s:\n%s", checkout, build.output()).isZero();
        Map<String, String> sums = new TreeMap<>();
        for (String name : PACKAGES) {
            try (var files = Files.list(checkout.resolve("packages").resolve(name).resolve("target"))) {
                for (Path deb : files.filter(p -> p.toString().endsWith(".deb")).toList()) {
                    sums.put(deb.getFileName().toString(), DebPackageIT.sha256(deb));
                }
            }
        }
        return sums;
    }

    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && NOT_SOURCES.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
