package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import com.speedy.process.ProcessTimeoutException;
import com.speedy.repo.index.IndexFormatException;
import com.speedy.repo.index.PackagesIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify}: re-checks the repository as a client would, from the signature down: each suite's InRelease and
 * Release.gpg against the public keyring (with the real gpgv, as apt does), every index against the Release's
 * SHA-256 list, and every pool file against its index.
 */
public final class Verifier {
    private final Path repository;
    private final RepositoryConfig config;
    private final Path keyring;

    public Verifier(Path repository, Path keyring) throws PublishException {
        this.repository = repository;
        this.config = RepositoryConfig.read(repository);
        this.keyring = keyring;
    }

    /**
     * Every problem found; empty means the repository is intact. Leftovers of a killed write are problems too; they
     * are reported, not removed (the next command that writes removes them).
     */
    public List<String> problems() throws PublishException {
        List<String> problems = new ArrayList<>(suiteProblems());
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
            for (String leftover : new Recovery(repository, config).leftovers()) {
                problems.add("left over by a killed write: " + leftover + "; the next repo-tool command (e.g. list)"
                        + " removes it");
            }
        } catch (IOException e) {
            throw new PublishException("reading " + repository + " failed: " + e.getMessage(), e);
        }
        return problems;
    }

    /** What clients see: signatures, indexes and pool files of every suite, as the suites' symlinks resolve now. */
    public List<String> suiteProblems() throws PublishException {
        List<String> problems = new ArrayList<>();
        try {
            for (Suite suite : config.suites()) {
                Path dir = repository.resolve("dists").resolve(suite.toString());
                if (!Files.exists(dir.resolve("Release"))) {
                    continue;
                }
                gpgv(problems, dir.resolve("InRelease"));
                gpgv(problems, dir.resolve("Release.gpg"), dir.resolve("Release"));
                checkIndexes(problems, dir, Files.readString(dir.resolve("Release"), StandardCharsets.UTF_8));
                for (PackagesIndex.Entry entry : SuiteContents.read(repository, config, suite).packages()) {
                    checkPoolFile(problems, suite, entry);
                }
            }
        } catch (IOException e) {
            throw new PublishException("reading " + repository + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted", e);
        }
        return problems;
    }

    private void checkPoolFile(List<String> problems, Suite suite, PackagesIndex.Entry entry) throws IOException {
        Path pooled = repository.resolve(entry.poolPath());
        try {
            if (!Files.exists(pooled)) {
                problems.add(suite + ": " + entry.poolPath() + " is missing from the pool");
            } else if (Files.size(pooled) != entry.size() || !FileDigests.sha256(pooled).equals(entry.sha256())) {
                problems.add(suite + ": " + entry.poolPath() + " does not match its SHA256 in Packages");
            }
        } catch (IndexFormatException e) {
            problems.add(suite + ": the Packages stanza of " + entry + " is damaged: " + e.getMessage());
        }
    }

    private void checkIndexes(List<String> problems, Path dir, String release) throws IOException {
        boolean inSha256 = false;
        for (String line : release.split("\n")) {
            if (!line.startsWith(" ")) {
                inSha256 = line.equals("SHA256:");
                continue;
            }
            if (!inSha256) {
                continue;
            }
            String[] cols = line.strip().split("\\s+");
            Path index = dir.resolve(cols[2]);
            if (!Files.exists(index)) {
                problems.add(repository.relativize(index) + " is listed in Release but missing");
            } else if (Files.size(index) != Long.parseLong(cols[1]) || !FileDigests.sha256(index).equals(cols[0])) {
                problems.add(repository.relativize(index) + " does not match its SHA256 in Release");
            }
        }
    }

    private void gpgv(List<String> problems, Path... files) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("gpgv", "--keyring", keyring.toAbsolutePath().toString()));
        for (Path f : files) {
            argv.add(f.toString());
        }
        String output;
        try {
            ProcessResult gpgv = LocalCommand.of(argv).withStderrMerged().run();
            if (gpgv.succeeded()) {
                return;
            }
            output = gpgv.stdoutText();
        } catch (ProcessTimeoutException e) {
            output = e.getMessage();
        }
        problems.add(repository.relativize(files[0]) + ": signature not good with " + keyring + ": "
                + output.strip().replace('\n', ' '));
    }

}
