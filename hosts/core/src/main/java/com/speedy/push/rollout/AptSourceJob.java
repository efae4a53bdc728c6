package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.inventory.Repository;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.debian.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code push apt-source} on one host: the repository's public keyring and its source entry (deb822, Signed-By that
 * keyring only, so the key is trusted for this repository and no other), then the repository's lists fetched, which
 * proves the host reaches the repository and trusts its signature.
 */
public final class AptSourceJob implements Rollout.HostJob<HostResult> {
    private final Repository repository;
    private final byte[] keyring;

    public AptSourceJob(Repository repository, byte[] keyring) {
        this.repository = repository;
        this.keyring = keyring.clone();
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        Suite suite = steps.host().suite().orElseThrow(() -> new IOException("the inventory names no suite for "
                + steps.host().name() + ": set repository.suite or the host's environment"));
        byte[] sources = AptCommands.sourcesFile(repository.url(), suite).getBytes(StandardCharsets.UTF_8);
        // Compared first, so that a host already set up is reported unchanged (and its files' times left alone).
        boolean same = sameOnHost(steps, keyring, AptCommands.KEYRING)
                && sameOnHost(steps, sources, AptCommands.SOURCES);
        if (!same) {
            steps.progress("installing the keyring and the source entry for " + repository.url() + " " + suite);
            steps.check(List.of("install", "-d", "-m", "0755", "/etc/apt/keyrings"), "creating /etc/apt/keyrings");
            steps.upload(keyring, AptCommands.KEYRING, "0644");
            steps.upload(sources, AptCommands.SOURCES, "0644");
        }
        steps.progress("fetching the repository's package lists");
        steps.updateLists();
        steps.progress("source ready: " + repository.url() + " " + suite);
        return same
                ? new HostResult(steps.host(), HostResult.Outcome.OK, "unchanged: source " + repository.url() + " "
                        + suite, List.of(), steps.logFile())
                : new HostResult(steps.host(), HostResult.Outcome.CHANGED, "source " + repository.url() + " " + suite,
                        List.of(), steps.logFile());
    }

    /** Whether the host's file is byte for byte {@code content}: compared by SHA-256, so the keyring stays binary. */
    private static boolean sameOnHost(HostSteps steps, byte[] content, String path)
            throws IOException, SshException, InterruptedException {
        CommandResult sum = steps.run(List.of("sha256sum", "--", path));
        if (sum.exitStatus() != 0) {
            return false; // not there (or unreadable): written
        }
        return sum.stdoutText().strip().startsWith(sha256(content) + " ");
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
