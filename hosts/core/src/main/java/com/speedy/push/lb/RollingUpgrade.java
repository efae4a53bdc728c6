package com.speedy.push.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.speedy.push.app.AppHost;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.rollout.Change;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.InstallJob;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code push upgrade --rolling}: the app hosts behind the balancers upgraded a batch at a time, a canary batch first,
 * so that users never meet a restarting app. For each batch: out of every balancer's pool, drained (speedy-app's drain
 * flag, and its in-flight requests awaited, bounded), upgraded, checked by its /healthz to run the new version, and
 * put back. A host whose upgrade fails is rolled back (by the install job) and stays out of the pool, drained; no new
 * batch starts once more hosts failed than {@code --max-fail}. At least one app host keeps serving throughout.
 */
public final class RollingUpgrade {
    /** How a rolling upgrade goes: the canary batch, the batches after it, and its bounds. */
    public record Options(int canary, int batch, int maxFail, Duration drainWithin, Duration healthyWithin) {
        public static final Duration DRAIN_WITHIN = Duration.ofSeconds(30);
        public static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

        public Options {
            if (canary < 1 || batch < 1) {
                throw new IllegalArgumentException("--canary and --serial must be at least 1 with --rolling, not "
                        + Math.min(canary, batch));
            }
            if (maxFail < 0) {
                throw new IllegalArgumentException("--max-fail must be 0 or more, not " + maxFail);
            }
        }
    }

    /** A rolling upgrade that cannot start (nothing was changed) or had to stop (the message says in what state). */
    public static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<HostResult> rows;

        Stopped(String message, List<HostResult> rows) {
            super(message);
            this.rows = List.copyOf(rows);
        }

        public List<HostResult> rows() {
            return rows;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    /** The check's word for a host whose drain flag is there before this run touched it. */
    private static final String DRAINED = "drained by an earlier run: out of the pool until upgraded";
    /** A request that nginx's old workers passed on just before a reload still reaches the host: wait this long. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final LbPool pool;
    private final Rollout rollout;
    private final InstallJob install;
    private final Options options;
    private final Rollout.Console console;

    public RollingUpgrade(LbPool pool, Rollout rollout, InstallJob install, Options options, Rollout.Console console) {
        this.pool = pool;
        this.rollout = rollout;
        this.install = install;
        this.options = options;
        this.console = console;
    }

    /** One row per target host, in their order; {@link Stopped} when it could not start, or had to stop. */
    public List<HostResult> run(List<Host> targets) throws InterruptedException, Stopped {
        for (Host target : targets) {
            if (!pool.isMember(target)) {
                throw new Stopped(target.name() + " is not in the balancers' pool (it runs no " + AppHost.PACKAGE
                        + "): --rolling upgrades the app hosts behind the balancers; upgrade it without --rolling."
                        + " Nothing was changed.", List.of());
            }
        }
        int largest = Math.max(options.canary(), options.batch());
        if (largest >= pool.members().size()) {
            throw new Stopped("a batch of " + largest + " would leave no app host serving: the pool has "
                    + pool.members().size() + " (at least one must serve while a batch is out). Nothing was changed.",
                    List.of());
        }
        List<HostResult> checks = new ArrayList<>(checkAll(pool.balancers(), LbJobs.check()));
        checks.addAll(checkAll(targets, appCheck()));
        List<HostResult> refused = checks.stream().filter(r -> r.outcome().isFailure()).toList();
        if (!refused.isEmpty()) {
            throw new Stopped("every balancer and every app host to upgrade must answer before the first change;"
                    + " nothing was changed", refused);
        }

        // A host an earlier run left drained (it failed, or that run was killed, maybe in the middle of apt) stays
        // out of the pool until it is upgraded and healthy: such hosts go first.
        Set<HostName> out = new LinkedHashSet<>(checks.stream().filter(r -> r.detail().equals(DRAINED))
                .map(r -> r.host().name()).toList());
        if (out.size() + largest >= pool.members().size()) {
            throw new Stopped(out.size() + " app host(s) are drained by an earlier run (" + String.join(", ",
                    out.stream().map(HostName::toString).toList()) + ") and a batch of " + largest + " would leave no"
                    + " app host serving: the pool has " + pool.members().size() + ". Mend them (push status) or"
                    + " take smaller batches. Nothing was changed.", List.of());
        }
        List<Host> ordered = new ArrayList<>(targets.stream().filter(h -> out.contains(h.name())).toList());
        ordered.addAll(targets.stream().filter(h -> !out.contains(h.name())).toList());
        List<HostResult> rows = new ArrayList<>();
        int failures = 0;
        for (List<Host> batch : batches(ordered)) {
            if (failures > options.maxFail()) {
                for (Host host : batch) {
                    rows.add(new HostResult(host, HostResult.Outcome.SKIPPED, "not started: " + failures
                            + " host(s) failed, more than --max-fail " + options.maxFail(), List.of(),
                            rollout.logOf(host)));
                }
                continue;
            }
            batch.forEach(h -> out.add(h.name()));
            syncPool(out, rows, "taking " + names(batch) + " out of the pool");
            List<HostResult> done = rollout.run(batch, new RolloutOptions(batch.size(), 0, 0, false), upgradeOne());
            for (HostResult row : done) {
                rows.add(row);
                if (row.outcome().isFailure()) {
                    failures++;
                } else {
                    out.remove(row.host().name());
                }
            }
            syncPool(out, rows, out.isEmpty() ? "every app host back in the pool"
                    : "the pool without " + String.join(", ", out.stream().map(HostName::toString).toList()));
        }
        return rows;
    }

    private List<HostResult> checkAll(List<Host> hosts, Rollout.HostJob<HostResult> job) throws InterruptedException {
        return rollout.run(hosts, new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false),
                job);
    }

    /** Every balancer's pool without {@code out}; a balancer that cannot take it stops the upgrade. */
    private void syncPool(Set<HostName> out, List<HostResult> rows, String what) throws InterruptedException,
            Stopped {
        for (Host balancer : pool.balancers()) {
            console.progress(balancer, what);
        }
        List<HostResult> synced = checkAll(pool.balancers(), LbJobs.sync(pool.file(out)));
        List<HostResult> failed = synced.stream().filter(r -> r.outcome().isFailure()).toList();
        if (!failed.isEmpty()) {
            List<HostResult> all = new ArrayList<>(rows);
            all.addAll(failed);
            throw new Stopped("STOPPED: a balancer did not take the pool (" + what + "); out of the pool now: "
                    + (out.isEmpty() ? "none" : String.join(", ", out.stream().map(HostName::toString).toList()))
                    + ". Run push lb sync once the balancer is back: it puts every app host in the pool.", all);
        }
    }

    /** The canary batch, then batches of {@code batch}. */
    List<List<Host>> batches(List<Host> targets) {
        List<List<Host>> batches = new ArrayList<>();
        int first = Math.min(options.canary(), targets.size());
        if (first > 0) {
            batches.add(targets.subList(0, first));
        }
        for (int i = first; i < targets.size(); i += options.batch()) {
            batches.add(targets.subList(i, Math.min(targets.size(), i + options.batch())));
        }
        return batches;
    }

    private static Rollout.HostJob<HostResult> appCheck() {
        return steps -> {
            Optional<String> conf = AppHost.conf(steps);
            if (conf.isEmpty()) {
                throw new IOException("no " + AppHost.CONF + ": " + AppHost.PACKAGE + " is not installed here");
            }
            boolean drained = steps.run(List.of("test", "-e", AppHost.drainFlag(conf.get()))).exitStatus() == 0;
            return new HostResult(steps.host(), HostResult.Outcome.OK, drained ? DRAINED : AppHost.PACKAGE
                    + " installed", List.of(), steps.logFile());
        };
    }

    /** Drain, upgrade, check, undrain one host (the balancers no longer send it anything). */
    private Rollout.HostJob<HostResult> upgradeOne() {
        return steps -> {
            String conf = AppHost.conf(steps).orElseThrow(() -> new IOException("no " + AppHost.CONF));
            int port = AppHost.port(conf);
            String drainFlag = AppHost.drainFlag(conf);
            steps.progress("draining (" + drainFlag + ")");
            steps.check(List.of("touch", drainFlag), "touch " + drainFlag);
            String drained = awaitIdle(steps, port);
            HostResult upgraded = install.run(steps);
            if (upgraded.outcome().isFailure()) {
                return new HostResult(steps.host(), upgraded.outcome(), upgraded.detail() + "; left out of the pool,"
                        + " drained", upgraded.changes(), upgraded.log());
            }
            Optional<String> version = upgraded.changes().stream().filter(c -> c.name().equals(AppHost.PACKAGE))
                    .map(Change::to).findFirst();
            steps.check(List.of("rm", "-f", drainFlag), "rm " + drainFlag);
            Optional<String> unhealthy = awaitHealthy(steps, port, version);
            if (unhealthy.isPresent()) {
                steps.progress("failed (" + unhealthy.get() + "); rolling back");
                steps.check(List.of("touch", drainFlag), "touch " + drainFlag);
                String undone = InstallJob.rollBack(steps, upgraded.changes());
                return new HostResult(steps.host(), HostResult.Outcome.FAILED, unhealthy.get() + "; " + undone
                        + "; left out of the pool, drained", upgraded.changes(), steps.logFile());
            }
            String detail = (upgraded.outcome() == HostResult.Outcome.CHANGED ? upgraded.detail() : "up to date")
                    + "; " + drained + "; healthy" + version.map(v -> " at " + v).orElse("") + ", back in the pool";
            steps.progress(detail);
            return new HostResult(steps.host(), upgraded.outcome(), detail, upgraded.changes(), steps.logFile());
        };
    }

    /** Until the app answers no request but /healthz (after a settling second), or the bound passed. */
    private String awaitIdle(HostSteps steps, int port) throws IOException, SshException, InterruptedException {
        Instant started = Instant.now();
        Instant settled = started.plus(SETTLE);
        Instant deadline = started.plus(options.drainWithin());
        int inFlight = -1;
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> health = AppHost.body(steps.run(AppHost.healthz(port)).stdoutText());
            inFlight = health.map(h -> h.path("inFlight").asInt(-1)).orElse(-1);
            if (inFlight == 0 && Instant.now().isAfter(settled)) {
                return "drained in " + Duration.between(started, Instant.now()).toMillis() + " ms";
            }
            Thread.sleep(POLL.toMillis());
        }
        String why = inFlight < 0 ? "its /healthz gave no in-flight count" : inFlight + " request(s) still in flight";
        steps.progress("drain bound of " + options.drainWithin().toSeconds() + " s passed (" + why + "); upgrading");
        return "drain bound passed (" + why + ")";
    }

    /** Empty once /healthz answers 200 with {@code version} as its package; else why not, at the bound. */
    private Optional<String> awaitHealthy(HostSteps steps, int port, Optional<String> version)
            throws IOException, SshException, InterruptedException {
        steps.progress("waiting for /healthz" + version.map(v -> " to report " + v).orElse(" to answer 200"));
        Instant deadline = Instant.now().plus(options.healthyWithin());
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            CommandResult health = steps.run(AppHost.healthz(port));
            int status = AppHost.status(health.stdoutText());
            Optional<JsonNode> body = AppHost.body(health.stdoutText());
            String running = body.map(b -> b.path("package").asText("")).orElse("");
            if (status == 200 && (version.isEmpty() || version.get().equals(running))) {
                return Optional.empty();
            }
            last = status == 0 ? "no answer" : status + " " + body.map(JsonNode::toString).orElse("");
            Thread.sleep(POLL.toMillis());
        }
        return Optional.of("/healthz did not report " + version.orElse("200") + " within "
                + options.healthyWithin().toSeconds() + " s (last: " + last + ")");
    }

    private static String names(List<Host> hosts) {
        return String.join(", ", hosts.stream().map(h -> h.name().toString()).toList());
    }
}
