package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.inventory.Repository;
import com.speedy.push.ssh.SshException;
import com.speedy.debian.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        byte[] sources = sources(suite);
        // Compared first, so that a host already set up is reported unchanged (and its files' times left alone).
        boolean same = inPlace(steps, suite);
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

    /** Whether the host has this keyring and source entry already (for {@code suite}). */
    public boolean inPlace(HostSteps steps, Suite suite) throws IOException, SshException, InterruptedException {
        return steps.hasFile(AptCommands.KEYRING, keyring) && steps.hasFile(AptCommands.SOURCES, sources(suite));
    }

    private byte[] sources(Suite suite) {
        return AptCommands.sourcesFile(repository.url(), suite).getBytes(StandardCharsets.UTF_8);
    }
}
