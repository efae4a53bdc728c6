package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.process.LocalCommand;
import com.speedy.repo.signing.BouncyCastleSigner;
import com.speedy.repo.signing.GeneratedKey;
import com.speedy.repo.signing.KeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real repository in a folder, a real signing key, and real .debs made with dpkg-deb, for the publisher's tests. */
public final class TestRepository {
    public final Path root;
    public final Path publicKeyring;
    final List<String> log = new ArrayList<>();
    private final Path secretKey;

    public TestRepository(Path root, List<String> architectures) throws Exception {
        this.root = root;
        new RepositoryConfig("Speedy", "Speedy", List.of(Suite.parse("dev"), Suite.parse("stable")), architectures)
                .write(root);
        GeneratedKey key = new KeyGenerator().generate("Test Archive", "test@speedy.example");
        secretKey = root.resolve("conf/signing-key.asc");
        publicKeyring = root.resolve("conf/archive-keyring.gpg");
        Files.write(secretKey, key.armoredSecretKey());
        Files.write(publicKeyring, key.publicKeyring());
    }

    /** A publisher whose Release dates are fixed, so that tests can compare whole files. */
    Publisher publisher() throws Exception {
        return publisher(Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
    }

    /** A publisher on the given clock: apt refuses a Release dated in its future. */
    public Publisher publisher(Clock clock) throws Exception {
        return publisher(clock, log::add);
    }

    /** A publisher that tells this console, e.g. one that records progress. */
    Publisher publisher(Clock clock, Publisher.Console console) throws Exception {
        return new Publisher(root, BouncyCastleSigner.fromKeyFiles(List.of(secretKey), Optional.empty()), clock,
                console);
    }

    /** Builds {@code NAME_VERSION_ARCH.deb} with dpkg-deb; {@code payload} makes two builds of one version differ. */
    public static Path deb(Path dir, String name, String version, String arch, String payload) throws Exception {
        Path build = Files.createTempDirectory(dir, "build-");
        Files.createDirectories(build.resolve("DEBIAN"));
        Files.writeString(build.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: " + arch + "\nMaintainer: Test <test@speedy.example>\nDescription: test package\n"
                + " for the publisher tests\n");
        Files.createDirectories(build.resolve("usr/share/" + name));
        Files.writeString(build.resolve("usr/share/" + name + "/payload"), payload);
        Path deb = dir.resolve(name + "_" + version + "_" + arch + "-" + Math.abs(payload.hashCode()) + ".deb");
        run("dpkg-deb", "--root-owner-group", "--build", build.toString(), deb.toString());
        return deb;
    }

    /** Every file under the repository with its sha256: equal before and after means nothing changed. */
    /** The SHA-256 of every file of the repository, by path. */
    Map<String, String> checksums() throws IOException {
        return checksums(root);
    }

    /** The SHA-256 of every file under {@code top}, by path. */
    Map<String, String> checksums(Path top) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(top)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock"))
                    .toList()) {
                sums.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return sums;
    }

    /** A package this build made ({@code packages/NAME/target/NAME_*_all.deb}), for the tests of the real client. */
    public static Path builtDeb(String name) throws Exception {
        String project = System.getenv().getOrDefault("SPEEDY_PROJECT_DIR", Path.of("..").toAbsolutePath().toString());
        try (Stream<Path> files = Files.list(Path.of(project, "packages", name, "target"))) {
            return files.filter(p -> p.getFileName().toString().matches(name + "_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build " + name + " first (mvn package)"));
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool and insists on exit 0; returns what it printed on both streams. */
    static String run(String... argv) throws IOException, InterruptedException {
        return LocalCommand.of(argv).withStderrMerged().withTimeout(Duration.ofMinutes(2)).run().orThrow().stdoutText();
    }
}
