package com.speedy.repo.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The build's training run for repo-tool's class-data sharing archive (see the parent pom): the commands a user runs
 * most, on a repository in a scratch folder, so that the classes they load are parsed and verified at build time
 * rather than on every start. Every command must succeed, or the build fails.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        deleteTree(dir);
        Files.createDirectories(dir);
        Path repo = dir.resolve("apt");
        run("init", repo.toString(), "--suite", "dev");
        run("key", "generate", "-r", repo.toString());
        run("publish", "-r", repo.toString(), "--suite", "dev", deb(dir, "training-a").toString());
        run("publish", "-r", repo.toString(), "--suite", "dev", deb(dir, "training-b").toString());
        run("list", "-r", repo.toString());
        run("verify", "-r", repo.toString());
        run("--help");
        deleteTree(dir);
    }

    private static void run(String... args) {
        int exit = RepoTool.commandLine().execute(args);
        if (exit != 0) {
            throw new IllegalStateException("repo-tool " + String.join(" ", args) + " exited with " + exit);
        }
    }

    /** A .deb as dpkg-deb makes it by default: debian-binary, control.tar.xz, data.tar.xz. */
    private static Path deb(Path dir, String name) throws IOException {
        String control = "Package: " + name + "\nVersion: 1.0-1\nArchitecture: all\nMaintainer: Build <build@speedy"
                + ".example>\nDescription: the class-data sharing archive's training package\n";
        Path deb = dir.resolve(name + "_1.0-1_all.deb");
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.xz", tarXz("./control", control.getBytes(StandardCharsets.UTF_8)));
            member(ar, "data.tar.xz", tarXz("./usr/share/doc/" + name + "/README",
                    name.getBytes(StandardCharsets.UTF_8)));
        }
        return deb;
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static byte[] tarXz(String path, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(bytes, new LZMA2Options());
             TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
