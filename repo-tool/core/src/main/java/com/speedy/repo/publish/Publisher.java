package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.repo.deb.DebFormatException;
import com.speedy.repo.deb.DebPackage;
import com.speedy.repo.deb.DebReader;
import com.speedy.repo.index.IndexFormatException;
import com.speedy.repo.index.PackagesIndex;
import com.speedy.repo.index.PoolPath;
import com.speedy.repo.index.ReleaseFile;
import com.speedy.repo.signing.ReleaseSigner;
import com.speedy.repo.signing.SigningException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Publishes .debs into a suite, atomically: every input is read and checked first (any problems: all reported, nothing
 * changes); then pool files (temporary file, fsync, rename), then the suite's next generation built complete beside
 * the live one, then the suite's symlink switched to it in one rename ({@link Generations}). A client running
 * {@code apt-get update} at any moment, or after a crash at any instant, sees the old suite or the new one. Writes are
 * serialized by a lock file, and each first puts right what a killed one left ({@link Recovery}).
 */
public final class Publisher {
    /** What the publisher tells the operator as it works. */
    public interface Console {
        void info(String message);

        /** How far a long step has come; called from many threads, often (a display samples the latest). */
        default void progress(Progress progress) {
        }
    }

    /** How far one step of a publish has come: {@code done} of {@code total} packages, {@code bytes} of them. */
    public record Progress(Step step, int done, int total, long bytes) {}

    /** The steps of a publish that take time in proportion to its inputs. */
    public enum Step {
        READ("read"), COPY("copied into the pool");

        private final String words;

        Step(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** What one publish did. */
    public record Result(List<String> added, List<String> alreadyThere) {}

    private static final int BY_HASH_GENERATIONS = 3;
    /** How long a by-hash file stays after the last Release that named it, however many publishes follow. */
    static final Duration BY_HASH_RETENTION = Duration.ofHours(1);

    private final Path repository;
    private final RepositoryConfig config;
    private final ReleaseSigner signer;
    private final Clock clock;
    private final Console console;
    private final FileOps ops;
    private final Generations generations;

    public Publisher(Path repository, ReleaseSigner signer, Clock clock, Console console) throws PublishException {
        this(repository, signer, clock, console, WriteSteps.NONE);
    }

    /** With a hook told of every file operation: the crash tests halt the JVM in the middle of a publish with it. */
    Publisher(Path repository, ReleaseSigner signer, Clock clock, Console console, WriteSteps steps)
            throws PublishException {
        this.repository = repository;
        this.config = RepositoryConfig.read(repository);
        this.signer = signer;
        this.clock = clock;
        this.console = console;
        this.ops = new FileOps(steps);
        this.generations = new Generations(repository);
    }

    public Result publish(String suiteName, List<Path> debFiles) throws PublishException {
        Suite suite = config.suite(suiteName);
        List<Read> reads = readAll(debFiles, console);
        return locked(() -> publishLocked(suite, debFiles, reads));
    }

    /**
     * Copies packages, named {@code NAME=VERSION}, from one suite to another (the pool file is shared): the path a
     * release takes from dev to stable. Every name must be in the source suite, or nothing changes.
     */
    public Result promote(List<String> nameVersions, String fromSuite, String toSuite) throws PublishException {
        Suite from = config.suite(fromSuite);
        Suite to = config.suite(toSuite);
        return locked(() -> {
            Map<SuiteContents.Key, PackagesIndex.Entry> source = contents(from);
            Map<SuiteContents.Key, PackagesIndex.Entry> target = new LinkedHashMap<>(contents(to));
            List<String> added = new ArrayList<>();
            List<String> alreadyThere = new ArrayList<>();
            for (String nameVersion : nameVersions) {
                List<PackagesIndex.Entry> matches = select(source, nameVersion, from);
                for (PackagesIndex.Entry entry : matches) {
                    if (target.put(SuiteContents.Key.of(entry), entry) == null) {
                        added.add(entry.poolPath());
                    } else {
                        alreadyThere.add(entry.poolPath());
                    }
                }
            }
            alreadyThere.forEach(p -> console.info(to + ": already there: " + p));
            if (!added.isEmpty()) {
                writeIndexes(to, new ArrayList<>(target.values()));
                added.forEach(p -> console.info(to + ": promoted " + p + " from " + from));
            }
            return new Result(added, alreadyThere);
        });
    }

    /** Takes packages ({@code NAME} for every version, or {@code NAME=VERSION}) out of a suite; the pool keeps them. */
    public Result remove(List<String> names, String suiteName) throws PublishException {
        Suite suite = config.suite(suiteName);
        return locked(() -> {
            Map<SuiteContents.Key, PackagesIndex.Entry> entries = new LinkedHashMap<>(contents(suite));
            List<String> removed = new ArrayList<>();
            for (String name : names) {
                for (PackagesIndex.Entry entry : select(entries, name, suite)) {
                    entries.remove(SuiteContents.Key.of(entry));
                    removed.add(entry.poolPath());
                }
            }
            writeIndexes(suite, new ArrayList<>(entries.values()));
            removed.forEach(p -> console.info(suite + ": removed " + p));
            return new Result(removed, List.of());
        });
    }

    /** Runs an operation holding the repository's lock: publishes, promotions and removals never interleave. */
    private Result locked(LockedOperation operation) throws PublishException {
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
            new Recovery(repository, config).run(ops, console);
            return operation.run();
        } catch (IOException e) {
            throw new PublishException("writing to " + repository + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface LockedOperation {
        Result run() throws IOException, PublishException;
    }

    private Map<SuiteContents.Key, PackagesIndex.Entry> contents(Suite suite) throws PublishException {
        return SuiteContents.read(suiteDir(suite), config.architectures()).entries();
    }

    private Path suiteDir(Suite suite) {
        return generations.link(suite);
    }

    /** The entries that {@code NAME} or {@code NAME=VERSION} names; none is an error that names the suite. */
    private static List<PackagesIndex.Entry> select(Map<SuiteContents.Key, PackagesIndex.Entry> entries,
                                                    String nameVersion, Suite suite) throws PublishException {
        int eq = nameVersion.indexOf('=');
        String name = eq < 0 ? nameVersion : nameVersion.substring(0, eq);
        String version = eq < 0 ? null : nameVersion.substring(eq + 1);
        List<PackagesIndex.Entry> matches = entries.values().stream()
                .filter(e -> e.name().equals(name))
                .filter(e -> version == null || e.version().toString().equals(version))
                .toList();
        if (matches.isEmpty()) {
            throw new PublishException(suite + " has no " + (version == null ? name : name + " " + version));
        }
        return matches;
    }

    private Result publishLocked(Suite suite, List<Path> files, List<Read> reads)
            throws IOException, PublishException {
        Map<SuiteContents.Key, PackagesIndex.Entry> entries = new LinkedHashMap<>(contents(suite));
        Map<String, PackagesIndex.Entry> byPoolPath = new HashMap<>();
        entries.values().forEach(e -> byPoolPath.put(e.poolPath(), e));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> toCopy = new LinkedHashMap<>(); // pool path -> index of the input that brings it
        Map<String, Integer> inThisPublish = new HashMap<>(); // pool path -> first input that names it
        List<String> added = new ArrayList<>();
        List<String> alreadyThere = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            Path file = files.get(i);
            if (reads.get(i).problem().isPresent()) {
                problems.add(reads.get(i).problem().get());
                continue;
            }
            DebPackage deb = reads.get(i).deb().orElseThrow();
            String arch = deb.architecture().toString();
            if (!arch.equals("all") && !config.architectures().contains(arch)) {
                problems.add(file + ": architecture " + arch + " is not served by this repository "
                        + config.architectures());
                continue;
            }
            String poolPath = PoolPath.of(deb, RepositoryConfig.COMPONENT);
            PackagesIndex.Entry entry = PackagesIndex.Entry.of(deb, poolPath);
            SuiteContents.Key key = SuiteContents.Key.of(entry);
            Integer earlier = inThisPublish.putIfAbsent(poolPath, i);
            if (earlier != null) {
                DebPackage first = reads.get(earlier).deb().orElseThrow();
                if (!first.sha256().equals(deb.sha256())) {
                    problems.add(conflict(file, deb, poolPath, first.name() + " " + first.version() + " (from "
                            + files.get(earlier) + ")", first.version().equals(deb.version())));
                }
                continue;
            }
            // "Already there" is what the suite's index says; a pool file alone may be a killed publish's.
            PackagesIndex.Entry indexed = entries.get(key);
            if (indexed != null) {
                if (indexedSha256(suite, indexed).equals(deb.sha256())) {
                    alreadyThere.add(poolPath);
                } else {
                    problems.add(conflict(file, deb, poolPath, indexed.name() + " " + indexed.version(), true));
                }
                continue;
            }
            Optional<String> holder = poolFileHolder(suite, poolPath, byPoolPath, deb);
            if (holder.isPresent()) {
                problems.add(conflict(file, deb, poolPath, holder.get(), false));
                continue;
            }
            if (!Files.exists(repository.resolve(poolPath))
                    || !FileDigests.sha256(repository.resolve(poolPath)).equals(deb.sha256())) {
                toCopy.put(poolPath, i); // new, or an unnamed leftover of other content that nothing serves
            }
            entries.put(key, entry);
            added.add(poolPath);
        }
        if (!problems.isEmpty()) {
            throw PublishException.refusing(problems);
        }
        copyIntoPool(toCopy, files);
        alreadyThere.forEach(p -> console.info("already there: " + p));
        if (added.isEmpty()) {
            console.info(suite + ": nothing new; indexes left as they were");
            return new Result(added, alreadyThere);
        }
        writeIndexes(suite, new ArrayList<>(entries.values()));
        added.forEach(p -> console.info(suite + ": added " + p));
        return new Result(added, alreadyThere);
    }

    private static String indexedSha256(Suite suite, PackagesIndex.Entry entry) throws PublishException {
        try {
            return entry.sha256();
        } catch (IndexFormatException e) {
            throw new PublishException("the Packages index of " + suite + " is damaged: " + e.getMessage()
                    + "; run `repo-tool verify`", e);
        }
    }

    /**
     * Who holds a pool file that a new .deb would need with other content: another version of this suite or any suite
     * (versions that differ only by epoch share a file name), named with its epoch. Empty when nothing serves it.
     */
    private Optional<String> poolFileHolder(Suite suite, String poolPath, Map<String, PackagesIndex.Entry> byPoolPath,
                                            DebPackage deb) throws IOException, PublishException {
        Path pooled = repository.resolve(poolPath);
        if (!Files.exists(pooled) || FileDigests.sha256(pooled).equals(deb.sha256())) {
            return Optional.empty();
        }
        PackagesIndex.Entry here = byPoolPath.get(poolPath);
        if (here != null) {
            return Optional.of(here.name() + " " + here.version());
        }
        for (Suite other : config.suites()) {
            if (!other.equals(suite)) {
                for (PackagesIndex.Entry e : contents(other).values()) {
                    if (e.poolPath().equals(poolPath)) {
                        return Optional.of(e.name() + " " + e.version() + " (in suite " + other + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String conflict(Path file, DebPackage deb, String poolPath, String holder, boolean sameVersion) {
        return sameVersion
                ? file + ": " + deb.name() + " " + deb.version() + " is already in the pool with different content ("
                        + poolPath + "); a new build needs a new version"
                : file + ": " + deb.name() + " " + deb.version() + " cannot go into the pool: " + poolPath
                        + " already holds " + holder + " (versions that differ only by epoch share a pool file name);"
                        + " a new build needs a new upstream version or revision";
    }

    /**
     * Copies each new pool file from its input into {@code pool/.incoming}, then renames each into place, many at once.
     * They are made durable with the next generation's files, in one filesystem sync before the switch: a Release
     * never names a pool file that a crash could lose. A crash before that leaves staged files (which {@link Recovery}
     * removes) or pool files that no index names, possibly cut short, which the next publish checks by digest and
     * copies again.
     */
    private void copyIntoPool(Map<String, Integer> toCopy, List<Path> files) throws IOException, PublishException {
        if (toCopy.isEmpty()) {
            return;
        }
        Path incoming = Recovery.incoming(repository);
        ops.createDirectories(WriteSteps.Phase.POOL, incoming);
        List<Map.Entry<String, Integer>> copies = List.copyOf(toCopy.entrySet());
        Counter copied = new Counter(Step.COPY, copies.size(), console);
        Parallel.map(Parallel.IO, copies, copy -> {
            Path staged = staged(incoming, copy.getKey());
            ops.copy(WriteSteps.Phase.POOL, files.get(copy.getValue()), staged);
            copied.add(Files.size(staged));
            return copy.getKey();
        });
        // Renamed once all are staged: many renames into one folder while others write to it wait on its lock.
        Parallel.map(Parallel.IO, copies, copy -> {
            Path target = repository.resolve(copy.getKey());
            ops.createDirectories(WriteSteps.Phase.POOL, target.getParent());
            ops.rename(WriteSteps.Phase.POOL, staged(incoming, copy.getKey()), target);
            return copy.getKey();
        });
    }

    private Path staged(Path incoming, String poolPath) {
        return incoming.resolve(repository.resolve(poolPath).getFileName());
    }

    /**
     * Builds the suite's next generation beside the live one, every file on disk, then moves the suite's symlink to it
     * in one rename and removes the old generation. Unchanged indexes and the by-hash files still kept are hard links
     * into the live generation, so a publish writes only what changed.
     */
    private void writeIndexes(Suite suite, List<PackagesIndex.Entry> entries) throws IOException, PublishException {
        if (generations.isPlainFolder(suite)) {
            generations.convert(suite, ops);
            console.info(suite + ": converted dists/" + suite + " to a symlink to its generation "
                    + generations.generation(suite, 1).getFileName() + " (switched atomically from now on)");
        }
        Optional<Integer> liveNumber = generations.live(suite);
        Path next = generations.generation(suite, liveNumber.orElse(0) + 1);
        // Without a live generation, "the previous files" are looked for in the new, empty folder: there are none.
        Path live = liveNumber.map(n -> generations.generation(suite, n)).orElse(next);
        Map<String, byte[]> files = new LinkedHashMap<>();
        PackagesFiles previousArch = null;
        for (String arch : config.architectures()) {
            String dir = RepositoryConfig.COMPONENT + "/binary-" + arch + "/";
            byte[] packages = PackagesIndex.render(entries.stream()
                    .filter(e -> e.architecture().equals(arch) || e.architecture().equals("all"))
                    .toList());
            // With only `all` packages every architecture lists the same: compress it once.
            PackagesFiles index = previousArch != null && Arrays.equals(previousArch.plain(), packages) ? previousArch
                    : PackagesFiles.of(packages, live.resolve(dir));
            files.put(dir + "Packages", index.plain());
            files.put(dir + "Packages.gz", index.gz());
            files.put(dir + "Packages.xz", index.xz());
            previousArch = index;
        }

        List<ReleaseFile.IndexFile> listed = Parallel.map(Parallel.CPU, List.copyOf(files.entrySet()), file ->
                new ReleaseFile.IndexFile(file.getKey(), file.getValue().length,
                        FileDigests.hex("MD5", file.getValue()), FileDigests.hex("SHA-256", file.getValue())));
        // Signed before anything is written: a signer that fails (gpg-agent gone) leaves the suite as it was.
        byte[] release = new ReleaseFile(config.origin(), config.label(), suite.toString(), suite.toString(),
                clock.instant(), config.architectures(), List.of(RepositoryConfig.COMPONENT), listed).render();
        byte[] inRelease;
        byte[] releaseGpg;
        try {
            inRelease = signer.clearSign(release);
            releaseGpg = signer.detachedSignature(release);
        } catch (SigningException e) {
            throw new PublishException("signing the Release of " + suite + " failed: " + e.getMessage(), e);
        }

        for (String arch : config.architectures()) {
            Path byHash = next.resolve(RepositoryConfig.COMPONENT + "/binary-" + arch + "/by-hash/SHA256");
            ops.createDirectories(WriteSteps.Phase.GENERATION, byHash);
        }
        Set<String> current = listed.stream().map(index -> byHashPath(next, index).toString()).collect(Collectors.toSet());
        List<FileJob> jobs = new ArrayList<>();
        // By-hash files the live generation keeps for clients holding an older InRelease.
        for (String arch : config.architectures()) {
            String byHash = RepositoryConfig.COMPONENT + "/binary-" + arch + "/by-hash/SHA256";
            for (Path kept : keptByHash(live.resolve(byHash), current, next.resolve(byHash),
                    clock.instant().minus(BY_HASH_RETENTION))) {
                jobs.add(() -> ops.link(WriteSteps.Phase.GENERATION, next.resolve(byHash).resolve(kept.getFileName()), kept));
            }
        }
        for (ReleaseFile.IndexFile index : listed) {
            byte[] content = files.get(index.path());
            Path oldByHash = byHashPath(live, index);
            Path newByHash = byHashPath(next, index);
            // Named by its content: one that is already there (an index unchanged since an earlier publish) stays.
            // Its mtime says when a Release last named it, which is what pruning goes by.
            jobs.add(() -> {
                if (Files.exists(oldByHash) && Files.size(oldByHash) == index.size()) {
                    ops.link(WriteSteps.Phase.GENERATION, newByHash, oldByHash);
                } else {
                    ops.create(WriteSteps.Phase.GENERATION, newByHash, content);
                }
                Files.setLastModifiedTime(newByHash, FileTime.from(clock.instant()));
            });
            Path oldIndex = live.resolve(index.path());
            Path newIndex = next.resolve(index.path());
            // Only what changed is written: an unchanged index keeps its file (and its mtime, for caches).
            jobs.add(() -> {
                if (Files.exists(oldIndex) && Arrays.equals(Files.readAllBytes(oldIndex), content)) {
                    ops.link(WriteSteps.Phase.GENERATION, newIndex, oldIndex);
                } else {
                    ops.create(WriteSteps.Phase.GENERATION, newIndex, content);
                }
            });
        }
        jobs.add(() -> ops.create(WriteSteps.Phase.GENERATION, next.resolve("Release.gpg"), releaseGpg));
        jobs.add(() -> ops.create(WriteSteps.Phase.GENERATION, next.resolve("Release"), release));
        jobs.add(() -> ops.create(WriteSteps.Phase.GENERATION, next.resolve("InRelease"), inRelease));
        Parallel.map(Parallel.IO, jobs, job -> {
            job.run();
            return job;
        });
        // The generation's files and folders, and the pool files renamed into place before them, all on disk.
        Path pool = repository.resolve("pool");
        ops.syncFilesystem(WriteSteps.Phase.GENERATION, Files.isDirectory(pool) ? List.of(next, pool) : List.of(next));
        ops.switchSymlink(WriteSteps.Phase.SWITCH, generations.link(suite), next.getFileName());
        if (liveNumber.isPresent()) {
            ops.deleteTree(WriteSteps.Phase.RETIRE, live);
        }
    }

    @FunctionalInterface
    private interface FileJob {
        void run() throws IOException;
    }

    private static Path byHashPath(Path suiteDir, ReleaseFile.IndexFile index) {
        return suiteDir.resolve(index.path()).resolveSibling("by-hash/SHA256/" + index.sha256());
    }

    /**
     * The live generation's by-hash files that the next one keeps besides those its Release names: the two
     * generations before it, and any that a Release named within {@link #BY_HASH_RETENTION}: a client that fetched
     * an InRelease a moment ago still finds the indexes it names however many publishes happened since (apt falls
     * back to the plain path, which no longer matches, when a by-hash file is gone).
     */
    private static List<Path> keptByHash(Path byHash, Set<String> current, Path nextByHash, Instant namedBefore)
            throws IOException {
        if (!Files.isDirectory(byHash)) {
            return List.of();
        }
        List<Path> older = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(byHash,
                p -> !p.getFileName().toString().startsWith(".")
                        && !current.contains(nextByHash.resolve(p.getFileName()).toString()))) {
            dir.forEach(older::add);
        }
        Map<Path, FileTime> named = new HashMap<>();
        for (Path p : older) {
            named.put(p, Files.getLastModifiedTime(p));
        }
        older.sort(Comparator.comparing(named::get).reversed());
        int keep = (BY_HASH_GENERATIONS - 1) * 3; // three files (Packages, .gz, .xz) a generation
        List<Path> kept = new ArrayList<>();
        for (int i = 0; i < older.size(); i++) {
            if (i < keep || !named.get(older.get(i)).toInstant().isBefore(namedBefore)) {
                kept.add(older.get(i));
            }
        }
        return kept;
    }

    /** One input as read: its package, or why it cannot be published. */
    private record Read(Optional<DebPackage> deb, Optional<String> problem) {}

    /** Reads every input on all cores (hashing is the work); every bad one is reported, in the order given. */
    private static List<Read> readAll(List<Path> files, Console console) throws PublishException {
        if (files.isEmpty()) {
            throw new PublishException("no .deb given");
        }
        Counter read = new Counter(Step.READ, files.size(), console);
        try {
            return Parallel.map(Parallel.CPU, files, file -> {
                try {
                    DebPackage deb = DebReader.read(file);
                    read.add(deb.size());
                    return new Read(Optional.of(deb), Optional.empty());
                } catch (DebFormatException e) {
                    return new Read(Optional.empty(), Optional.of(e.getMessage()));
                } catch (NoSuchFileException e) {
                    return new Read(Optional.empty(), Optional.of(file + ": no such file"));
                } catch (IOException e) {
                    return new Read(Optional.empty(), Optional.of(file + ": cannot read: " + e.getMessage()));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: every IOException became a problem", e);
        }
    }

    /** Counts one step's packages and bytes across threads and tells the console each time. */
    private static final class Counter {
        private final Step step;
        private final int total;
        private final Console console;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Counter(Step step, int total, Console console) {
            this.step = step;
            this.total = total;
            this.console = console;
        }

        void add(long size) {
            long b = bytes.addAndGet(size);
            console.progress(new Progress(step, done.incrementAndGet(), total, b));
        }
    }
}
