package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.repo.deb.DebFormatException;
import com.speedy.repo.deb.DebPackage;
import com.speedy.repo.deb.DebReader;
import com.speedy.debian.DebianVersion;
import com.speedy.repo.index.PackagesIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code cleanup --keep N}: keeps the newest N versions of each package in the pool and deletes older ones, but never a
 * file that some suite still names. Versions are ordered as dpkg orders them, epoch included.
 */
public final class Cleanup {
    private final Path repository;
    private final RepositoryConfig config;
    private final Publisher.Console console;

    public Cleanup(Path repository, Publisher.Console console) throws PublishException {
        this.repository = repository;
        this.config = RepositoryConfig.read(repository);
        this.console = console;
    }

    /** Returns the pool paths deleted. */
    public List<String> keepNewest(int keep) throws PublishException {
        if (keep < 1) {
            throw new PublishException("--keep must be at least 1, not " + keep);
        }
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
            new Recovery(repository, config).run(new FileOps(WriteSteps.NONE), console);
            // Versions come from the indexes (or the .deb's own control data), never from file names: those carry
            // no epoch, and 2:0.1-1 is newer than 1.10-1.
            Map<String, PoolFile> named = new HashMap<>();
            for (Suite suite : config.suites()) {
                for (PackagesIndex.Entry entry : SuiteContents.read(repository, config, suite).packages()) {
                    named.put(entry.poolPath(), new PoolFile(entry.poolPath(), entry.name(), entry.version(),
                            entry.architecture()));
                }
            }
            Map<String, List<PoolFile>> byPackage = new LinkedHashMap<>();
            for (PoolFile file : poolFiles(named)) {
                byPackage.computeIfAbsent(file.name() + "_" + file.architecture(), k -> new ArrayList<>()).add(file);
            }
            List<String> deleted = new ArrayList<>();
            for (List<PoolFile> versions : byPackage.values()) {
                versions.sort(Comparator.comparing(PoolFile::version).reversed());
                for (PoolFile old : versions.subList(Math.min(keep, versions.size()), versions.size())) {
                    if (named.containsKey(old.poolPath())) {
                        console.info("kept " + old.poolPath() + " (" + old.version() + "): a suite still names it");
                    } else {
                        Files.delete(repository.resolve(old.poolPath()));
                        deleted.add(old.poolPath());
                        console.info("deleted " + old.poolPath() + " (" + old.name() + " " + old.version() + ")");
                    }
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new PublishException("cleaning up " + repository + " failed: " + e.getMessage(), e);
        }
    }

    private record PoolFile(String poolPath, String name, DebianVersion version, String architecture) {}

    /** Every .deb of the pool, as a suite's index names it, or else as its own control data says. */
    private List<PoolFile> poolFiles(Map<String, PoolFile> named) throws IOException {
        List<PoolFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repository.resolve("pool"))) {
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith(".deb")).sorted().toList()) {
                String poolPath = repository.relativize(p).toString();
                PoolFile indexed = named.get(poolPath);
                if (indexed != null) {
                    files.add(indexed);
                    continue;
                }
                try {
                    DebPackage deb = DebReader.read(p);
                    files.add(new PoolFile(poolPath, deb.name().toString(), deb.version(),
                            deb.architecture().toString()));
                } catch (DebFormatException e) {
                    console.info("skipped " + poolPath + ": " + e.getMessage());
                }
            }
        }
        return files;
    }
}
