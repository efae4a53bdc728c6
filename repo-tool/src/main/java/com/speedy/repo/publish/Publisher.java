package com.speedy.repo.publish;

import com.speedy.repo.debian.DebFormatException;
import com.speedy.repo.debian.DebPackage;
import com.speedy.repo.debian.DebReader;
import com.speedy.repo.index.PackagesIndex;
import com.speedy.repo.index.PoolPath;
import com.speedy.repo.index.ReleaseFile;
import com.speedy.repo.signing.ReleaseSigner;
import com.speedy.repo.signing.SigningException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

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
    /**
     * Hashing, copying and compressing run on every core. A shared pool of daemon threads: the common ForkJoin pool
     * has one worker fewer than there are cores, which on two cores is one.
     */
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread t = new Thread(runnable, "repo-tool-worker");
                t.setDaemon(true);
                return t;
            });

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
                    if (target.put(SuiteContents.Key.of(entry.deb()), entry) == null) {
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
                    entries.remove(SuiteContents.Key.of(entry.deb()));
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
                .filter(e -> e.deb().name().toString().equals(name))
                .filter(e -> version == null || e.deb().version().toString().equals(version))
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
            if (entries.put(SuiteContents.Key.of(deb), new PackagesIndex.Entry(deb, poolPath)) == null) {
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
    private void copyIntoPool(Map<String, Integer> newInPool, List<Path> files) throws IOException {
        List<CompletableFuture<Void>> copies = new ArrayList<>();
        newInPool.forEach((poolPath, input) -> copies.add(CompletableFuture.runAsync(() -> {
            try {
                AtomicFiles.copy(files.get(input), repository.resolve(poolPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, WORKERS)));
        try {
            CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw new IOException("copying into the pool failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void writeIndexes(Suite suite, Path suiteDir, List<PackagesIndex.Entry> entries)
            throws IOException, PublishException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<CompletableFuture<Void>> compressions = new ArrayList<>();
        for (String arch : config.architectures()) {
            String dir = RepositoryConfig.COMPONENT + "/binary-" + arch + "/";
            byte[] packages = PackagesIndex.render(entries.stream()
                    .filter(e -> e.deb().architecture().toString().equals(arch)
                            || e.deb().architecture().toString().equals("all"))
                    .toList());
            files.put(dir + "Packages", packages);
            // Compression is the slow part of a large index: both formats of every architecture at once.
            compressions.add(CompletableFuture.runAsync(() -> {
                byte[] gz = gzip(packages);
                synchronized (files) {
                    files.put(dir + "Packages.gz", gz);
                }
            }, WORKERS));
            compressions.add(CompletableFuture.runAsync(() -> {
                byte[] xz = xz(packages);
                synchronized (files) {
                    files.put(dir + "Packages.xz", xz);
                }
            }, WORKERS));
        }
        try {
            CompletableFuture.allOf(compressions.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw new IOException("compressing the indexes failed: " + e.getCause(), e.getCause());
        }

        List<ReleaseFile.IndexFile> listed = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] content = file.getValue();
            String sha256 = FileDigests.hex("SHA-256", content);
            listed.add(new ReleaseFile.IndexFile(file.getKey(), content.length, FileDigests.hex("MD5", content),
                    sha256));
            Path target = suiteDir.resolve(file.getKey());
            AtomicFiles.write(target.resolveSibling("by-hash/SHA256/" + sha256), content);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = suiteDir.resolve(file.getKey());
            // Only what changed is rewritten: an unchanged index keeps its file (and its mtime, for caches).
            if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                AtomicFiles.write(target, file.getValue());
            }
        }
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
        AtomicFiles.write(suiteDir.resolve("Release.gpg"), releaseGpg);
        AtomicFiles.write(suiteDir.resolve("Release"), release);
        AtomicFiles.write(suiteDir.resolve("InRelease"), inRelease);
        for (String arch : config.architectures()) {
            pruneByHash(suiteDir.resolve(RepositoryConfig.COMPONENT + "/binary-" + arch + "/by-hash/SHA256"));
        }
    }

    /** Keeps the by-hash files of the last few generations, so that a client midway through an update still finds them. */
    private static void pruneByHash(Path byHash) throws IOException {
        if (!Files.isDirectory(byHash)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(byHash, p -> !p.getFileName().toString().startsWith("."))) {
            dir.forEach(files::add);
        }
        int keep = BY_HASH_GENERATIONS * 3;
        if (files.size() <= keep) {
            return;
        }
        files.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).reversed());
        for (Path old : files.subList(keep, files.size())) {
            Files.deleteIfExists(old);
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
        List<CompletableFuture<DebPackage>> reads = files.stream()
                .map(file -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return DebReader.read(file);
                    } catch (DebFormatException e) {
                        throw new CompletionException(new PublishException(e.getMessage(), e));
                    } catch (java.nio.file.NoSuchFileException e) {
                        throw new CompletionException(new PublishException(file + ": no such file", e));
                    } catch (IOException e) {
                        throw new CompletionException(new PublishException(file + ": cannot read: " + e.getMessage(), e));
                    }
                }, WORKERS))
                .toList();
        List<DebPackage> debs = new ArrayList<>(files.size());
        for (CompletableFuture<DebPackage> read : reads) {
            try {
                debs.add(read.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof PublishException refused) {
                    throw refused;
                }
                throw new PublishException("reading the packages failed: " + e.getCause(), e.getCause());
            }
        }
        return debs;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] xz(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 5 + 64);
        // Preset 1: several times faster than xz's default 6 on a large index, and only a little larger.
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
            xz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }


}
