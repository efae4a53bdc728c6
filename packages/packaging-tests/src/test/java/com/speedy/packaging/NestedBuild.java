package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A clean build of the three packages from a fresh copy of the sources, in a folder of its own. */
final class NestedBuild {
    static final List<String> PACKAGES = List.of("speedy-app", "speedy-notifier", "speedy-jobs");
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", ".idea");

    private NestedBuild() {}

    /** Copies the sources (no target/ folders) into {@code checkout}, builds there; returns package name to .deb. */
    static Map<String, Path> build(Path checkout, String... mavenArgs) throws IOException, InterruptedException {
        copySources(DebFile.projectDir(), checkout);
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-q", "-o", "package", "-DskipTests",
                "-pl", "packages/speedy-app,packages/speedy-notifier,packages/speedy-jobs", "-am"));
        argv.addAll(List.of(mavenArgs));
        Command build = Command.run(checkout, 15, argv.toArray(String[]::new));
        assertThat(build.exitCode()).as("nested build in %s:\n%s", checkout, build.output()).isZero();
        Map<String, Path> debs = new TreeMap<>();
        for (String name : PACKAGES) {
            try (Stream<Path> files = Files.list(checkout.resolve("packages").resolve(name).resolve("target"))) {
                debs.put(name, files.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow());
            }
        }
        return debs;
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
