package com.speedy.repo.publish;

import com.speedy.repo.debian.DebFormatException;
import com.speedy.repo.debian.DebPackage;
import com.speedy.repo.debian.DebReader;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Publishes .debs into a suite, atomically: every input is read and checked first (any problem: nothing changes);
 * then pool files, then by-hash copies of the new indexes, then the indexes, and the signed Release files renamed into
 * place last. A client running {@code apt-get update} at any moment sees the old suite or the new one. Publishes are
 * serialized by a lock file.
 */
public final class Publisher {
    /** What the publisher tells the operator as it works. */
    public interface Console {
        void info(String message);
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

    public Publisher(Path repository, ReleaseSigner signer, Clock clock, Console console) throws PublishException {
        this.repository = repository;
        this.config = RepositoryConfig.read(repository);
        this.signer = signer;
        this.clock = clock;
        this.console = console;
    }

    public Result publish(String suiteName, List<Path> debFiles) throws PublishException {
        Suite suite = config.suite(suiteName);
        List<DebPackage> debs = readAll(debFiles);
        return locked(() -> publishLocked(suite, debFiles, debs));
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
                writeIndexes(to, suiteDir(to), new ArrayList<>(target.values()));
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
            writeIndexes(suite, suiteDir(suite), new ArrayList<>(entries.values()));
            removed.forEach(p -> console.info(suite + ": removed " + p));
            return new Result(removed, List.of());
        });
    }

    /** Runs an operation holding the repository's lock: publishes, promotions and removals never interleave. */
    private Result locked(LockedOperation operation) throws PublishException {
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
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
        return repository.resolve("dists").resolve(suite.toString());
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

    private Result publishLocked(Suite suite, List<Path> files, List<DebPackage> debs)
            throws IOException, PublishException {
        Map<SuiteContents.Key, PackagesIndex.Entry> entries = new LinkedHashMap<>(contents(suite));
        Map<String, Integer> newInPool = new LinkedHashMap<>(); // pool path -> index of the input that brings it
        List<String> added = new ArrayList<>();
        List<String> alreadyThere = new ArrayList<>();
        for (int i = 0; i < debs.size(); i++) {
            DebPackage deb = debs.get(i);
            checkArchitecture(files.get(i), deb);
            String poolPath = PoolPath.of(deb, RepositoryConfig.COMPONENT);
            Path pooled = repository.resolve(poolPath);
            Integer earlier = newInPool.get(poolPath);
            String existingSha256 = earlier != null ? debs.get(earlier).sha256()
                    : Files.exists(pooled) ? FileDigests.sha256(pooled) : null;
            if (existingSha256 == null) {
                newInPool.put(poolPath, i);
            } else if (!existingSha256.equals(deb.sha256())) {
                throw new PublishException(files.get(i) + ": " + deb.name() + " " + deb.version()
                        + " is already in the pool with different content (" + poolPath + "); a new build needs a"
                        + " new version");
            } else if (earlier == null) {
                alreadyThere.add(poolPath);
            }
            PackagesIndex.Entry entry = PackagesIndex.Entry.of(deb, poolPath);
            if (entries.put(SuiteContents.Key.of(entry), entry) == null) {
                added.add(poolPath);
            }
        }
        copyIntoPool(newInPool, files);
        alreadyThere.forEach(p -> console.info("already there: " + p));
        if (added.isEmpty()) {
            console.info(suite + ": nothing new; indexes left as they were");
            return new Result(added, alreadyThere);
        }
        writeIndexes(suite, suiteDir(suite), new ArrayList<>(entries.values()));
        added.forEach(p -> console.info(suite + ": added " + p));
        return new Result(added, alreadyThere);
    }

    /** Copies each new pool file from its input, on every core; returns once all are on disk. */
    private void copyIntoPool(Map<String, Integer> newInPool, List<Path> files) throws IOException, PublishException {
        Parallel.map(Parallel.IO, List.copyOf(newInPool.entrySet()), copy -> {
            AtomicFiles.copy(files.get(copy.getValue()), repository.resolve(copy.getKey()));
            return copy.getKey();
        });
    }

    private void writeIndexes(Suite suite, Path suiteDir, List<PackagesIndex.Entry> entries)
            throws IOException, PublishException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        PackagesFiles previousArch = null;
        for (String arch : config.architectures()) {
            String dir = RepositoryConfig.COMPONENT + "/binary-" + arch + "/";
            byte[] packages = PackagesIndex.render(entries.stream()
                    .filter(e -> e.architecture().equals(arch) || e.architecture().equals("all"))
                    .toList());
            // With only `all` packages every architecture lists the same: compress it once.
            PackagesFiles index = previousArch != null && Arrays.equals(previousArch.plain(), packages) ? previousArch
                    : PackagesFiles.of(packages, suiteDir.resolve(dir));
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
        // By-hash copies first, then the indexes, each set written in parallel (the time is fsync's).
        Parallel.map(Parallel.IO, listed, index -> {
            Path byHash = byHashPath(suiteDir, index);
            // Named by its content: one that is already there (an index unchanged since an earlier publish) stays.
            // Its mtime says when a Release last named it, which is what pruning goes by.
            if (!Files.exists(byHash) || Files.size(byHash) != index.size()) {
                AtomicFiles.write(byHash, files.get(index.path()));
            }
            Files.setLastModifiedTime(byHash, FileTime.from(clock.instant()));
            return byHash;
        });
        Parallel.map(Parallel.IO, listed, index -> {
            Path target = suiteDir.resolve(index.path());
            byte[] content = files.get(index.path());
            // Only what changed is rewritten: an unchanged index keeps its file (and its mtime, for caches).
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                AtomicFiles.write(target, content);
            }
            return target;
        });
        AtomicFiles.write(suiteDir.resolve("Release.gpg"), releaseGpg);
        AtomicFiles.write(suiteDir.resolve("Release"), release);
        AtomicFiles.write(suiteDir.resolve("InRelease"), inRelease);
        Set<Path> current = listed.stream().map(index -> byHashPath(suiteDir, index)).collect(Collectors.toSet());
        for (String arch : config.architectures()) {
            pruneByHash(suiteDir.resolve(RepositoryConfig.COMPONENT + "/binary-" + arch + "/by-hash/SHA256"), current,
                    clock.instant().minus(BY_HASH_RETENTION));
        }
    }

    private static Path byHashPath(Path suiteDir, ReleaseFile.IndexFile index) {
        return suiteDir.resolve(index.path()).resolveSibling("by-hash/SHA256/" + index.sha256());
    }

    /**
     * Keeps the by-hash files that the new Release names, those of the two generations before it, and any that a
     * Release named within {@link #BY_HASH_RETENTION}: a client that fetched an InRelease a moment ago still finds
     * the indexes it names however many publishes happened since (apt falls back to the plain path, which no longer
     * matches, when a by-hash file is gone).
     */
    private static void pruneByHash(Path byHash, Set<Path> current, Instant namedBefore) throws IOException {
        if (!Files.isDirectory(byHash)) {
            return;
        }
        List<Path> older = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(byHash,
                p -> !p.getFileName().toString().startsWith(".") && !current.contains(p))) {
            dir.forEach(older::add);
        }
        int keep = (BY_HASH_GENERATIONS - 1) * 3; // three files (Packages, .gz, .xz) a generation
        if (older.size() <= keep) {
            return;
        }
        Map<Path, FileTime> named = new HashMap<>();
        for (Path p : older) {
            named.put(p, Files.getLastModifiedTime(p));
        }
        older.sort(Comparator.comparing(named::get).reversed());
        for (Path old : older.subList(keep, older.size())) {
            if (named.get(old).toInstant().isBefore(namedBefore)) {
                Files.deleteIfExists(old);
            }
        }
    }

    private void checkArchitecture(Path file, DebPackage deb) throws PublishException {
        String arch = deb.architecture().toString();
        if (!arch.equals("all") && !config.architectures().contains(arch)) {
            throw new PublishException(file + ": architecture " + arch + " is not served by this repository "
                    + config.architectures());
        }
    }

    /** Reads every input on all cores (hashing is the work); the first bad file, in the order given, is reported. */
    private static List<DebPackage> readAll(List<Path> files) throws PublishException {
        if (files.isEmpty()) {
            throw new PublishException("no .deb given");
        }
        try {
            return Parallel.map(Parallel.CPU, files, file -> {
                try {
                    return DebReader.read(file);
                } catch (DebFormatException e) {
                    throw new PublishException(e.getMessage(), e);
                } catch (NoSuchFileException e) {
                    throw new PublishException(file + ": no such file", e);
                } catch (IOException e) {
                    throw new PublishException(file + ": cannot read: " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: every IOException became a PublishException", e);
        }
    }
}
