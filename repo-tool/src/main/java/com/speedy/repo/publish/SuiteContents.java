package com.speedy.repo.publish;

import com.speedy.repo.debian.Architecture;
import com.speedy.repo.debian.ControlParagraph;
import com.speedy.repo.debian.ControlSyntaxException;
import com.speedy.repo.debian.DebPackage;
import com.speedy.repo.debian.DebianVersion;
import com.speedy.repo.debian.InvalidArchitectureException;
import com.speedy.repo.debian.InvalidPackageNameException;
import com.speedy.repo.debian.InvalidVersionException;
import com.speedy.repo.debian.PackageName;
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
        static Key of(DebPackage deb) {
            return new Key(deb.name().toString(), deb.version().toString(), deb.architecture().toString());
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
                for (String stanza : Files.readString(packages, StandardCharsets.UTF_8).split("\n\n")) {
                    if (!stanza.isBlank()) {
                        PackagesIndex.Entry entry = entry(stanza + "\n");
                        entries.putIfAbsent(Key.of(entry.deb()), entry);
                    }
                }
            } catch (IOException | ControlSyntaxException | InvalidPackageNameException | InvalidVersionException
                     | InvalidArchitectureException | RuntimeException e) {
                throw new PublishException(packages + " is damaged (" + e.getMessage() + "); run `repo-tool verify`", e);
            }
        }
        return new SuiteContents(entries);
    }

    private static PackagesIndex.Entry entry(String stanza) throws ControlSyntaxException, InvalidPackageNameException,
            InvalidVersionException, InvalidArchitectureException {
        ControlParagraph control = ControlParagraph.parse(stanza);
        DebPackage deb = new DebPackage(control,
                PackageName.parse(field(control, "Package")),
                DebianVersion.parse(field(control, "Version")),
                Architecture.parse(field(control, "Architecture")),
                Long.parseLong(field(control, "Size")),
                field(control, "MD5sum"), field(control, "SHA1"), field(control, "SHA256"));
        return new PackagesIndex.Entry(deb, field(control, "Filename"));
    }

    private static String field(ControlParagraph control, String name) {
        return control.get(name).orElseThrow(() -> new IllegalStateException("a stanza has no " + name));
    }

    Map<Key, PackagesIndex.Entry> entries() {
        return entries;
    }

    /** The suite's packages, each with its pool path. */
    public List<PackagesIndex.Entry> packages() {
        return List.copyOf(entries.values());
    }
}
