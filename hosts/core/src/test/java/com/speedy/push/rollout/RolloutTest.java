package com.speedy.push.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches, --max-fail counted across batches, and rows for every host: with a session double, no network. */
class RolloutTest {
    @TempDir
    Path dir;

    /** A host whose every command exits 0 with no output, or, for a failing host, 1. */
    private record ScriptedSession(boolean fails, List<String> log) implements RemoteSession {
        @Override
        public CommandResult run(RemoteCommand command) {
            log.add(command.toShellString());
            return new CommandResult(fails ? 1 : 0, new byte[0], "E: broken\n".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void upload(byte[] content, String remotePath, String mode, String owner) {}

        @Override
        public void close() {}
    }

    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    private List<HostResult> run(List<Host> hosts, Set<String> failing, RolloutOptions options) throws Exception {
        Rollout rollout = new Rollout(host -> {
            started.add(host.name().toString());
            return new ScriptedSession(failing.contains(host.name().toString()), new ArrayList<>());
        }, (host, step) -> { }, new HostLogs(dir));
        return rollout.run(hosts, options, steps -> {
            steps.check(List.of("true"), "the step");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "done", List.of(), steps.logFile());
        });
    }

    @Test
    void failuresAreCountedAcrossBatchesAndStopTheBatchesAfterMaxFailIsPassed() throws Exception {
        List<Host> hosts = hosts("h1", "h2", "h3", "h4", "h5");

        List<HostResult> results = run(hosts, Set.of("h1", "h3"), new RolloutOptions(4, 2, 1, false));

        assertThat(results).extracting(r -> r.host().name().toString() + " " + r.outcome())
                .containsExactly("h1 FAILED", "h2 CHANGED", "h3 FAILED", "h4 CHANGED", "h5 SKIPPED");
        assertThat(results.get(4).detail()).contains("2 host(s) failed, more than --max-fail 1");
        assertThat(started).containsExactlyInAnyOrder("h1", "h2", "h3", "h4");
    }

    @Test
    void withoutSerialEveryHostRunsAndEachFailureIsItsOwnRow() throws Exception {
        List<HostResult> results = run(hosts("h1", "h2", "h3"), Set.of("h2"), new RolloutOptions(8, 0, 0, false));

        assertThat(results).extracting(HostResult::outcome).containsExactly(HostResult.Outcome.CHANGED,
                HostResult.Outcome.FAILED, HostResult.Outcome.CHANGED);
        assertThat(results.get(1).detail()).isEqualTo("the step failed: exit 1: E: broken");
        assertThat(results.get(1).log()).isEqualTo(dir.resolve("h2.log")).content().contains("$ 'true'", "[exit 1]");
    }

    private static List<Host> hosts(String... names) throws Exception {
        List<Host> hosts = new ArrayList<>();
        for (String name : names) {
            hosts.add(new Host(HostName.parse(name), "10.213.7.11", 22, "root", List.of(), Optional.empty(),
                    Optional.empty(), List.of()));
        }
        return hosts;
    }
}
