package com.speedy.repo.publish;

import com.speedy.repo.debian.DebianVersion;
import com.speedy.repo.debian.InvalidVersionException;
import com.speedy.repo.index.PackagesIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cleanup --keep N}: keeps the newest N versions of each package in the pool and deletes older ones, but never a
 * file that some suite still names.
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
            Set<String> named = new HashSet<>();
            for (Suite suite : config.suites()) {
                for (PackagesIndex.Entry entry : SuiteContents.read(repository, config, suite).packages()) {
                    named.add(entry.poolPath());
                }
            }
            Map<String, List<PoolFile>> byPackage = new LinkedHashMap<>();
            for (PoolFile file : poolFiles()) {
                byPackage.computeIfAbsent(file.name() + "_" + file.architecture(), k -> new ArrayList<>()).add(file);
            }
            List<String> deleted = new ArrayList<>();
            for (List<PoolFile> versions : byPackage.values()) {
                versions.sort(Comparator.comparing(PoolFile::version).reversed());
                for (PoolFile old : versions.subList(Math.min(keep, versions.size()), versions.size())) {
                    if (named.contains(old.poolPath())) {
                        console.info("kept " + old.poolPath() + ": a suite still names it");
                    } else {
                        Files.delete(repository.resolve(old.poolPath()));
                        deleted.add(old.poolPath());
                        console.info("deleted " + old.poolPath());
                    }
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new PublishException("cleaning up " + repository + " failed: " + e.getMessage(), e);
        }
    }

    private record PoolFile(String poolPath, String name, DebianVersion version, String architecture) {}

    private List<PoolFile> poolFiles() throws IOException {
        List<PoolFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repository.resolve("pool"))) {
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith(".deb")).toList()) {
                String[] parts = p.getFileName().toString().replaceFirst("\\.deb$", "").split("_");
                String poolPath = repository.relativize(p).toString();
                if (parts.length != 3) {
                    console.info("skipped " + poolPath + ": not named NAME_VERSION_ARCH.deb");
                    continue;
                }
                try {
                    files.add(new PoolFile(poolPath, parts[0], DebianVersion.parse(parts[1]), parts[2]));
                } catch (InvalidVersionException e) {
                    console.info("skipped " + poolPath + ": " + e.getMessage());
                }
            }
        }
        return files;
    }
}
