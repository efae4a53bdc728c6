package com.speedy.repo.signing;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away GnuPG home under /tmp: short, because gpg-agent's socket path must fit in 108 bytes, which Maven's
 * target/ paths may not. Closing it stops the agent gpg started there and deletes the directory.
 */
final class GnupgHome implements AutoCloseable {
    private final Path dir;

    GnupgHome() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "gh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    Path dir() {
        return dir;
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** gpg in this home; what it printed on both streams is in stdout. */
    ProcessResult gpg(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> argv = Stream.concat(Stream.of("gpg", "--batch", "--homedir", dir.toString()), Stream.of(args))
                .toList();
        return LocalCommand.of(argv).withStdin(stdin).withStderrMerged().run();
    }

    /** gpgv as apt runs it: its own empty home, only the given keyring trusted; both streams in stdout. */
    ProcessResult gpgv(Path keyring, Path... files) throws IOException, InterruptedException {
        List<String> argv = Stream.concat(
                Stream.of("gpgv", "--homedir", dir.toString(), "--keyring", keyring.toString()),
                Stream.of(files).map(Path::toString)).toList();
        return LocalCommand.of(argv).withEnvironment(Map.of("LC_ALL", "C")).withStderrMerged().run();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        LocalCommand.of("gpgconf", "--homedir", dir.toString(), "--kill", "gpg-agent").run();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
