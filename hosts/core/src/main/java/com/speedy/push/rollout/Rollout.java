package com.speedy.push.rollout;

import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Runs one job on many hosts: in parallel, in batches when {@code --serial} asks for them, and no new batch once the
 * failures, counted across all batches, are more than {@code --max-fail}. Each host gets its own session and log file;
 * a host that cannot be reached, or whose job fails, becomes a row of the summary, never an exception.
 */
public final class Rollout {
    /** What a rollout tells the operator as it goes: one line per step of a host. */
    @FunctionalInterface
    public interface Console {
        void progress(Host host, String step);
    }

    /** One host's part of a command. */
    @FunctionalInterface
    public interface HostJob<R> {
        R run(HostSteps steps) throws IOException, SshException, InterruptedException;
    }

    /** The row for a host whose job did not run to its end. */
    @FunctionalInterface
    public interface Failure<R> {
        R of(Host host, HostResult.Outcome outcome, String why, Path log);
    }

    private final SessionFactory sessions;
    private final Console console;
    private final HostLogs logs;

    public Rollout(SessionFactory sessions, Console console, HostLogs logs) {
        this.sessions = sessions;
        this.console = console;
        this.logs = logs;
    }

    /** Where a host's log of this rollout goes. */
    public Path logOf(Host host) {
        return logs.of(host);
    }

    /** The job's result for each host, in host order. */
    public <R> List<R> run(List<Host> hosts, RolloutOptions options, HostJob<R> job, Failure<R> failure,
                           Predicate<R> failed) throws InterruptedException {
        List<R> results = new ArrayList<>();
        int failures = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallel(), hosts.size())));
        try {
            for (List<Host> batch : options.batches(hosts)) {
                if (failures > options.maxFail()) {
                    for (Host host : batch) {
                        results.add(failure.of(host, HostResult.Outcome.SKIPPED, "not started: " + failures
                                + " host(s) failed, more than --max-fail " + options.maxFail(), logs.of(host)));
                    }
                    continue;
                }
                List<Future<R>> running = new ArrayList<>();
                for (Host host : batch) {
                    running.add(pool.submit(() -> runOn(host, job, failure)));
                }
                for (Future<R> future : running) {
                    R result = result(future);
                    results.add(result);
                    if (failed.test(result)) {
                        failures++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** Runs an install-like job: rows are {@link HostResult}s. */
    public List<HostResult> run(List<Host> hosts, RolloutOptions options, HostJob<HostResult> job)
            throws InterruptedException {
        return run(hosts, options, job, (host, outcome, why, log) -> new HostResult(host, outcome, why, List.of(), log),
                r -> r.outcome().isFailure());
    }

    private <R> R runOn(Host host, HostJob<R> job, Failure<R> failure) throws InterruptedException {
        Path log = logs.of(host);
        RemoteSession session;
        try {
            console.progress(host, "connecting to " + host.user() + "@" + host.address() + ":" + host.port());
            session = sessions.open(host);
        } catch (SshException e) {
            console.progress(host, "unreachable: " + e.getMessage());
            return failure.of(host, HostResult.Outcome.UNREACHABLE, e.getMessage(), log);
        }
        try (session; HostLog out = logs.open(host)) {
            HostSteps steps = new HostSteps(host, session, sessions, out, log, console);
            try {
                return job.run(steps);
            } finally {
                steps.closeReopened();
            }
        } catch (IOException | SshException e) {
            console.progress(host, "failed: " + e.getMessage());
            return failure.of(host, HostResult.Outcome.FAILED, e.getMessage(), log);
        }
    }

    private static <R> R result(Future<R> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a host's job broke: " + e.getCause(), e.getCause());
        }
    }
}
