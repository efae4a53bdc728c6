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
import java.util.stream.Stream;

/**
 * What a killed write leaves, and putting it right. Every command that takes the repository's lock first finishes or
 * undoes it and says so; {@code verify} only reports it. A generation that never went live is removed (the suite stays
 * as it was); one whose switch was done is kept and the previous one removed (the suite is as it would have been);
 * pool files staged in {@code pool/.incoming} are removed. Pool files renamed into place by a killed publish stay:
 * no index names them, a publish of the same .deb takes them over, and {@code cleanup} deletes them like any unnamed
 * old version.
 */
public final class Recovery {
    private final Path repository;
    private final RepositoryConfig config;
    private final Generations generations;

    Recovery(Path repository, RepositoryConfig config) {
        this.repository = repository;
        this.config = config;
        this.generations = new Generations(repository);
    }

    /** Recovers under the repository's lock; for commands that only read (list). Returns what it did. */
    public static List<String> recover(Path repository, Publisher.Console console) throws PublishException {
        RepositoryConfig config = RepositoryConfig.read(repository);
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
            return new Recovery(repository, config).run(new FileOps(WriteSteps.NONE), console);
        } catch (IOException e) {
            throw new PublishException("recovering " + repository + " failed: " + e.getMessage(), e);
        }
    }

    /** Where a publish stages its new pool files before renaming them into place: one folder to look in. */
    static Path incoming(Path repository) {
        return repository.resolve("pool/.incoming");
    }

    static Path temporaryLink(Path link) {
        return link.resolveSibling("." + link.getFileName() + ".link");
    }

    /** One thing a killed write left. */
    private record Leftover(String description, Fix fix) {}

    @FunctionalInterface
    private interface Fix {
        /** Puts it right; says how, e.g. "removed the unfinished publish of suite dev (12 temporary files)". */
        String apply(FileOps ops) throws IOException;
    }

    /** Puts right what a killed write left; must run holding the lock. Each step is told to the console. */
    List<String> run(FileOps ops, Publisher.Console console) throws IOException {
        List<String> done = new ArrayList<>();
        for (Leftover leftover : find()) {
            String message = "recovered: " + leftover.fix().apply(ops);
            console.info(message);
            done.add(message);
        }
        return done;
    }

    /** What a killed write left, changing nothing (for verify). */
    List<String> leftovers() throws IOException {
        return find().stream().map(Leftover::description).toList();
    }

    private List<Leftover> find() throws IOException {
        List<Leftover> found = new ArrayList<>();
        for (Suite suite : config.suites()) {
            findInSuite(suite, found);
        }
        List<Path> temporary = temporaryPoolFiles();
        if (!temporary.isEmpty()) {
            found.add(new Leftover(temporary.size() + " temporary pool file(s) of an unfinished publish, e.g. "
                    + repository.relativize(temporary.get(0)), ops -> {
                        for (Path p : temporary) {
                            ops.delete(Phase.POOL, p);
                        }
                        return "removed " + temporary.size() + " temporary pool file(s) of an unfinished publish";
                    }));
        }
        return found;
    }

    private void findInSuite(Suite suite, List<Leftover> found) throws IOException {
        Path link = generations.link(suite);
        Path tmpLink = temporaryLink(link);
        Path aside = generations.movedAside(suite);
        boolean linkExists = Files.exists(link, LinkOption.NOFOLLOW_LINKS);
        boolean tmpLinkExists = Files.exists(tmpLink, LinkOption.NOFOLLOW_LINKS);
        Optional<Integer> live = generations.live(suite);
        if (!linkExists && tmpLinkExists) {
            // The switch's symlink was made (after its generation was complete) but not yet renamed into place.
            found.add(new Leftover("suite " + suite + " has no dists/" + suite + " but a complete generation waiting"
                    + " to go live (" + repository.relativize(tmpLink) + ")", ops -> {
                        ops.rename(Phase.SWITCH, tmpLink, link);
                        ops.fsyncDirectory(Phase.SWITCH, link.getParent());
                        return "finished the interrupted switch of suite " + suite + " to its new generation";
                    }));
        } else if (!linkExists && Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS)) {
            found.add(new Leftover("suite " + suite + " was moved aside (" + repository.relativize(aside) + ")",
                    ops -> {
                        ops.rename(Phase.CONVERT, aside, link);
                        return "put suite " + suite + " back where it was";
                    }));
            return;
        } else if (tmpLinkExists) {
            found.add(new Leftover("a temporary symlink " + repository.relativize(tmpLink), ops -> {
                ops.delete(Phase.SWITCH, tmpLink);
                return "removed the temporary symlink of an unfinished switch of suite " + suite;
            }));
        }
        if (Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS) && (linkExists || tmpLinkExists)) {
            found.add(new Leftover("the old plain folder of suite " + suite + " (" + repository.relativize(aside)
                    + ")", ops -> "finished converting suite " + suite + " to generations: removed its old folder ("
                    + ops.deleteTree(Phase.CONVERT, aside) + " files)"));
        }
        // Which generation is (or is about to be) live: the others are leftovers.
        Optional<Integer> keep = live;
        if (!linkExists && tmpLinkExists) {
            String waiting = Files.readSymbolicLink(tmpLink).getFileName().toString();
            for (int n : generations.all(suite)) {
                if (generations.generation(suite, n).getFileName().toString().equals(waiting)) {
                    keep = Optional.of(n);
                }
            }
        }
        Optional<Integer> kept = keep;
        for (int n : generations.all(suite)) {
            if (kept.isPresent() && kept.get() == n) {
                continue;
            }
            Path dir = generations.generation(suite, n);
            boolean older = kept.isPresent() && n < kept.get();
            String what = older ? "the previous generation of suite " + suite
                    : generations.isPlainFolder(suite) ? "an unfinished conversion of suite " + suite
                    : "the unfinished publish of suite " + suite;
            found.add(new Leftover(what + " (" + repository.relativize(dir) + ")", ops -> {
                int files = ops.deleteTree(older ? Phase.RETIRE : Phase.GENERATION, dir);
                return older ? "finished the publish of suite " + suite + ": removed its previous generation ("
                        + files + " files)" : "removed " + what + " (" + files + " temporary files)";
            }));
        }
    }

    private List<Path> temporaryPoolFiles() throws IOException {
        Path incoming = incoming(repository);
        if (!Files.isDirectory(incoming)) {
            return List.of();
        }
        try (Stream<Path> staged = Files.list(incoming)) {
            return staged.sorted().toList();
        }
    }
}
