package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.repo.publish.WriteSteps.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A suite on disk: {@code dists/SUITE} is a symlink to its live generation {@code dists/.SUITE.N}, a complete folder
 * of indexes and Release files. A write builds generation N+1 beside it and moves the symlink in one rename, so a
 * client (or a crash) sees all of one generation or all of the other. Hidden names are never served.
 */
final class Generations {
    private final Path dists;

    Generations(Path repository) {
        this.dists = repository.resolve("dists");
    }

    /** {@code dists/SUITE}, the path clients use. */
    Path link(Suite suite) {
        return dists.resolve(suite.toString());
    }

    Path generation(Suite suite, int number) {
        return dists.resolve("." + suite + "." + number);
    }

    /** The live generation's number; empty when the suite was never published or is still a plain folder. */
    Optional<Integer> live(Suite suite) throws IOException {
        Path link = link(suite);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        return number(suite, Files.readSymbolicLink(link).getFileName().toString());
    }

    /** A suite written before generations: a real folder at {@code dists/SUITE}. */
    boolean isPlainFolder(Suite suite) {
        return Files.isDirectory(link(suite), LinkOption.NOFOLLOW_LINKS);
    }

    /** The generation folders of a suite that exist, live or not. */
    List<Integer> all(Suite suite) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        if (!Files.isDirectory(dists)) {
            return numbers;
        }
        try (Stream<Path> entries = Files.list(dists)) {
            for (Path p : entries.toList()) {
                number(suite, p.getFileName().toString()).ifPresent(numbers::add);
            }
        }
        return numbers;
    }

    private static Optional<Integer> number(Suite suite, String fileName) {
        Matcher m = Pattern.compile("\\." + Pattern.quote(suite.toString()) + "\\.(\\d{1,9})").matcher(fileName);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** Where a plain-folder suite is moved aside while it becomes a generation. */
    Path movedAside(Suite suite) {
        return dists.resolve("." + suite + ".plain");
    }

    /**
     * Turns a plain-folder suite into generation 1 behind a symlink: its files hard-linked into {@code .SUITE.1}, then
     * the folder renamed aside and the symlink renamed into its place (two renames in a row: a crash between them
     * leaves no {@code dists/SUITE} until the next command finishes the switch), then the old folder removed.
     */
    void convert(Suite suite, FileOps ops) throws IOException {
        Path plain = link(suite);
        Path first = generation(suite, 1);
        ops.createDirectories(Phase.CONVERT, first);
        List<Path> dirs = new ArrayList<>(List.of(first));
        try (Stream<Path> walk = Files.walk(plain)) {
            for (Path p : walk.filter(f -> !f.equals(plain)).toList()) {
                Path rel = plain.relativize(p);
                if (hidden(rel)) {
                    continue; // a temporary file of an older, killed write
                }
                Path target = first.resolve(rel.toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    ops.createDirectories(Phase.CONVERT, target);
                    dirs.add(target);
                } else {
                    ops.link(Phase.CONVERT, target, p);
                }
            }
        }
        for (Path dir : dirs) {
            ops.fsyncDirectory(Phase.CONVERT, dir);
        }
        Path tmpLink = Recovery.temporaryLink(plain);
        ops.createSymlink(Phase.CONVERT, tmpLink, first.getFileName());
        ops.rename(Phase.CONVERT, plain, movedAside(suite));
        ops.rename(Phase.CONVERT, tmpLink, plain);
        ops.fsyncDirectory(Phase.CONVERT, dists);
        ops.deleteTree(Phase.CONVERT, movedAside(suite));
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
