package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.repo.index.IndexFormatException;
import com.speedy.repo.index.PackagesIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a suite holds, read back from its own {@code Packages} files: they carry each package's control fields, pool
 * path, size and digests, so that publishing one more .deb never re-reads the pool.
 */
public final class SuiteContents {
    /** Package name, version and architecture: one entry of a suite. */
    record Key(String name, String version, String architecture) {
        static Key of(PackagesIndex.Entry entry) {
            return new Key(entry.name(), entry.version().toString(), entry.architecture());
        }
    }

    private final Map<Key, PackagesIndex.Entry> entries;

    private SuiteContents(Map<Key, PackagesIndex.Entry> entries) {
        this.entries = entries;
    }

    /** The packages of one suite of a repository. */
    public static SuiteContents read(Path repository, RepositoryConfig config, Suite suite) throws PublishException {
        return read(repository.resolve("dists").resolve(suite.toString()), config.architectures());
    }

    static SuiteContents read(Path suiteDir, List<String> architectures) throws PublishException {
        Map<Key, PackagesIndex.Entry> entries = new LinkedHashMap<>();
        for (String arch : architectures) {
            Path packages = suiteDir.resolve(RepositoryConfig.COMPONENT).resolve("binary-" + arch).resolve("Packages");
            if (!Files.exists(packages)) {
                continue;
            }
            try {
                // `all` packages are listed under every architecture: each is one entry of the suite.
                for (PackagesIndex.Entry entry : PackagesIndex.parse(Files.readString(packages, StandardCharsets.UTF_8))) {
                    entries.putIfAbsent(Key.of(entry), entry);
                }
            } catch (IOException | IndexFormatException e) {
                throw new PublishException(packages + " is damaged (" + e.getMessage() + "); run `repo-tool verify`", e);
            }
        }
        return new SuiteContents(entries);
    }

    Map<Key, PackagesIndex.Entry> entries() {
        return entries;
    }

    /** The suite's packages, each with its pool path. */
    public List<PackagesIndex.Entry> packages() {
        return List.copyOf(entries.values());
    }
}
