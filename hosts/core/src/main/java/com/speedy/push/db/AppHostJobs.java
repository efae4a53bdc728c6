package com.speedy.push.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.speedy.push.app.AppHost;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The app side of moving the primary, on each host that runs the services: the background units (speedy-notifier,
 * speedy-jobs' timers) stopped while the database changes, speedy-app reading from the standby while the primary stops
 * (its writes held), then the cut-over: {@code db} moved, the app checked to write to the new primary, the background
 * units started again.
 */
public final class AppHostJobs {
    /** The units that write on their own, outside requests: stopped while the primary moves. */
    static final List<String> BACKGROUND_UNITS = List.of("speedy-notifier.service", "speedy-jobs-*.timer",
            "speedy-jobs-*.service");
    private static final Duration POLL = Duration.ofMillis(100);
    /** The JVM's start, plus the app's connect timeout (5 s by default) twice: connect, then log in. */
    private static final int CHECK_BOUND_SECONDS = 30;

    private AppHostJobs() {}

    /** The background units stopped: nothing writes outside requests while the primary moves. */
    public static Rollout.HostJob<HostResult> stopBackground() {
        return steps -> {
            // systemctl stop fails on a unit it does not know: only the loaded ones are named.
            List<String> stop = RootScript.STOP_LOADED_UNITS.argv(BACKGROUND_UNITS);
            steps.check(stop, "stopping " + String.join(" ", BACKGROUND_UNITS));
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "background units stopped", List.of(),
                    steps.logFile());
        };
    }

    /**
     * Before the primary stops: {@code db} moved to the standby about to be promoted, and speedy-app asked until it
     * reads from it. Reads go on being served by the standby; writes fail there as read-only before they commit, and
     * speedy-app holds them (its {@code db.hold}, 10 s) until the promotion makes it writable, so a client sees
     * latency, not errors.
     */
    public static Rollout.HostJob<HostResult> readFrom(String standbyAddress, Duration timeout) {
        Rollout.HostJob<HostResult> alias = DbAliasJobs.set(standbyAddress);
        return steps -> {
            HostResult moved = alias.run(steps);
            Optional<String> conf = AppHost.conf(steps);
            if (moved.outcome().isFailure() || conf.isEmpty()) {
                return moved;
            }
            steps.progress("waiting for speedy-app to read from " + standbyAddress);
            String read = awaitDatabase(steps, AppHost.port(conf.get()), standbyAddress, false, timeout);
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "db -> " + standbyAddress + ", " + read,
                    List.of(), steps.logFile());
        };
    }

    /**
     * On every host: {@code db} moved to {@code primaryAddress}. Where speedy-app runs, it is then asked until it
     * writes to that address (it follows the alias by itself within a second or two, dropping its pooled
     * connections). Maintenance mode is left as it is: {@code push maintenance} is the operator's.
     */
    public static Rollout.HostJob<HostResult> cutOver(String primaryAddress, boolean serviceHost, Duration timeout) {
        Rollout.HostJob<HostResult> alias = DbAliasJobs.set(primaryAddress);
        return steps -> {
            HostResult moved = alias.run(steps);
            if (moved.outcome().isFailure() || !serviceHost) {
                return moved;
            }
            List<String> did = new ArrayList<>(List.of("db -> " + primaryAddress));
            Optional<String> conf = AppHost.conf(steps);
            if (conf.isPresent()) {
                int port = AppHost.port(conf.get());
                steps.progress("waiting for speedy-app to write to " + primaryAddress);
                did.add(awaitDatabase(steps, port, primaryAddress, true, timeout));
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, String.join(", ", did), List.of(),
                    steps.logFile());
        };
    }

    /**
     * Where speedy-app runs: a real login to {@code address} with the app's own credentials (its conffile), and
     * {@code SELECT 1}, by speedy-app's own check ({@code com.speedy.app.CheckDb}, its JDBC driver: the host has no
     * psql). A standby about to be promoted admits read-only logins, so a missing pg_hba rule or a wrong password shows
     * before anything changes. Anything but a clear "logged in" fails: no conffile, an older speedy-app without the
     * check, no answer.
     */
    public static Rollout.HostJob<HostResult> checkLogin(String address) {
        return steps -> {
            steps.progress("speedy-app logging in to " + address);
            CommandResult login = steps.run(checkDb(address));
            String said = (login.stdoutText().strip() + "\n" + login.stderrText().strip()).strip();
            if (login.exitStatus() != 0) {
                throw new IOException(switch (login.exitStatus()) {
                    case 1 -> said.lines().filter(l -> l.startsWith("cannot log in")).findFirst().orElse(
                            "the check could not run: " + said);
                    case 78 -> AppHost.CONF + " has problems: " + said.replace('\n', ' ');
                    case 124 -> "the check did not answer within " + CHECK_BOUND_SECONDS + " s";
                    default -> "the check could not run (exit " + login.exitStatus() + "): " + said.replace('\n', ' ');
                });
            }
            return new HostResult(steps.host(), HostResult.Outcome.OK, said, List.of(), steps.logFile());
        };
    }

    /** speedy-app's login check, bounded by {@code timeout} in case the JVM itself hangs. */
    static List<String> checkDb(String address) {
        return RootScript.CHECK_DB.argv(Integer.toString(CHECK_BOUND_SECONDS), address, AppHost.CONF);
    }

    /**
     * Starts the background units that are enabled. A step of its own, after every app writes again: starting a JVM
     * per host takes the CPU that the other hosts' cut-over needs.
     */
    public static Rollout.HostJob<HostResult> startBackground() {
        return steps -> {
            steps.check(RootScript.START_ENABLED_UNITS.argv("speedy-notifier.service",
                    "speedy-jobs-*.timer"), "starting the background units");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "background units started", List.of(),
                    steps.logFile());
        };
    }

    /**
     * Asks speedy-app's /healthz on the host itself until its database answers at {@code address}, and takes writes
     * if {@code writable}.
     */
    private static String awaitDatabase(HostSteps steps, int port, String address, boolean writable, Duration timeout)
            throws IOException, SshException, InterruptedException {
        Instant started = Instant.now();
        Instant deadline = started.plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            CommandResult health = steps.run(AppHost.healthz(port));
            Optional<JsonNode> database = AppHost.body(health.stdoutText()).map(b -> b.path("database"));
            if (database.isPresent()) {
                JsonNode db = database.get();
                boolean serves = writable ? db.path("writable").asBoolean() : db.path("reachable").asBoolean();
                if (serves && address.equals(db.path("address").asText())) {
                    return "app " + (writable ? "writes to " : "reads from ") + address + " after "
                            + Duration.between(started, Instant.now()).toMillis() + " ms";
                }
                last = db.toString();
            } else {
                last = health.stderrText().strip().isEmpty() ? "exit " + health.exitStatus() : health.stderrText()
                        .strip();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException("speedy-app did not " + (writable ? "write to " : "read from ") + address + " within " + timeout.toSeconds()
                + " s; its /healthz said " + last);
    }
}
