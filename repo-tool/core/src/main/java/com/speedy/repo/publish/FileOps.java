package com.speedy.repo.publish;

import com.speedy.repo.publish.WriteSteps.Phase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The file operations a write is made of, each announced to {@link WriteSteps} first and each durable when done. */
final class FileOps {
    private final WriteSteps steps;

    FileOps(WriteSteps steps) {
        this.steps = steps;
    }

    /**
     * A new file, for files no reader can see yet (a generation being built): durable once {@link #syncFilesystem}
     * has run, which the writer does before anything names it.
     */
    void create(Phase phase, Path target, byte[] content) throws IOException {
        steps.before(phase, "write " + target);
        Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** A hard link: an unchanged file of the live generation taken over by the next one without a copy. */
    void link(Phase phase, Path link, Path existing) throws IOException {
        steps.before(phase, "link " + link);
        Files.createLink(link, existing);
    }

    void createDirectories(Phase phase, Path dir) throws IOException {
        steps.before(phase, "mkdir " + dir);
        Files.createDirectories(dir);
    }

    /** A copy of a file to a new name that no reader looks at (a pool file being staged). */
    void copy(Phase phase, Path source, Path target) throws IOException {
        steps.before(phase, "copy " + target);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Makes everything written to the repository's filesystem so far durable, file contents and folder entries alike,
     * in one syncfs(2) (coreutils' {@code sync -f}): one journal commit for a whole publish rather than one fsync per
     * file (10,000 small pool files: see bench/repo-publish.sh). Each place's filesystem is synced, so a pool on
     * a mount of its own is too. A sync that fails fails the write.
     */
    void syncFilesystem(Phase phase, List<Path> places) throws IOException {
        steps.before(phase, "syncfs " + places);
        List<String> argv = new ArrayList<>(List.of("sync", "--file-system"));
        places.forEach(place -> argv.add(place.toString()));
        Process sync = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(sync.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (sync.waitFor() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing " + places, e);
        }
    }

    /** Makes a folder's entries (new names, renames) durable. */
    void fsyncDirectory(Phase phase, Path dir) throws IOException {
        steps.before(phase, "fsync " + dir);
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Points {@code link} at {@code target} in one rename(2): a reader resolves the old target or the new one,
     * never nothing. The temporary symlink is {@code .NAME.link} beside it.
     */
    void switchSymlink(Phase phase, Path link, Path target) throws IOException {
        Path tmp = Recovery.temporaryLink(link);
        createSymlink(phase, tmp, target);
        steps.before(phase, "rename " + tmp + " to " + link);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(phase, link.getParent());
    }

    /** A new symlink (replacing a stale one of that name): the first half of a switch. */
    void createSymlink(Phase phase, Path tmp, Path target) throws IOException {
        steps.before(phase, "symlink " + tmp);
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
    }

    void rename(Phase phase, Path from, Path to) throws IOException {
        steps.before(phase, "rename " + from + " to " + to);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(Phase phase, Path file) throws IOException {
        steps.before(phase, "delete " + file);
        Files.deleteIfExists(file);
    }

    /** Deletes a folder and everything under it (symlinks themselves, never what they point at); returns the files. */
    int deleteTree(Phase phase, Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(top)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        int files = 0;
        for (Path p : all) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                files++;
            }
            delete(phase, p);
        }
        return files;
    }
}
