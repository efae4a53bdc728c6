package com.speedy.push.lb;

import com.speedy.push.app.AppHost;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code push maintenance on|off}: what users see while the product is down on purpose, on every app host (speedy-app's
 * flag file, with the notice) and every balancer (speedy-lb's flag, with pages made from the notice). Every host is
 * asked first; then each is switched and checked by a request to itself, as a user's would come.
 */
public final class MaintenanceMode {
    /** speedy-lb's flag, and the folder of the pages that win over its packaged ones. */
    static final String LB_FLAG = "/var/lib/speedy-lb/maintenance";
    static final String LB_PAGES = "/var/lib/speedy-lb/page/";
    private static final int LB_PORT = 80;
    private static final RolloutOptions ALL = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
            Integer.MAX_VALUE, false);

    private final Rollout rollout;

    public MaintenanceMode(Rollout rollout) {
        this.rollout = rollout;
    }

    /** The hosts it switches: those that run speedy-app, and the balancers (group lb), in the inventory's order. */
    public static List<Host> hosts(Inventory inventory) {
        return inventory.hosts().stream().filter(h -> LbPool.runsTheApp(h) || isBalancer(h)).toList();
    }

    /**
     * On (with {@code notice}) or off on {@code hosts}; every host is asked first, and any that does not answer, or
     * lacks speedy-app or speedy-lb, refuses it all with nothing changed (those rows are returned).
     */
    public List<HostResult> run(List<Host> hosts, Optional<MaintenanceNotice> notice) throws InterruptedException {
        List<HostResult> checks = rollout.run(hosts, ALL, check());
        if (checks.stream().anyMatch(r -> r.outcome().isFailure())) {
            List<HostResult> refused = new ArrayList<>();
            for (HostResult r : checks) {
                refused.add(r.outcome().isFailure() ? r : new HostResult(r.host(), HostResult.Outcome.SKIPPED,
                        "not changed: another host did not pass the check", List.of(), r.log()));
            }
            return refused;
        }
        return rollout.run(hosts, ALL, notice.map(MaintenanceMode::on).orElseGet(MaintenanceMode::off));
    }

    private static boolean isBalancer(Host host) {
        return host.groups().stream().anyMatch(g -> g.toString().equals(LbPool.GROUP));
    }

    private static Rollout.HostJob<HostResult> check() {
        return steps -> {
            if (LbPool.runsTheApp(steps.host()) && AppHost.conf(steps).isEmpty()) {
                throw new IOException("no " + AppHost.CONF + ": " + AppHost.PACKAGE + " is not installed here");
            }
            if (isBalancer(steps.host()) && steps.run(List.of("test", "-f", LbJobs.CONF)).exitStatus() != 0) {
                throw new IOException("speedy-lb is not installed here (no " + LbJobs.CONF + ")");
            }
            return new HostResult(steps.host(), HostResult.Outcome.OK, "ready", List.of(), steps.logFile());
        };
    }

    private static Rollout.HostJob<HostResult> on(MaintenanceNotice notice) {
        return steps -> {
            List<String> did = new ArrayList<>();
            if (LbPool.runsTheApp(steps.host())) {
                String conf = AppHost.conf(steps).orElseThrow();
                steps.upload(notice.flagFile().getBytes(StandardCharsets.UTF_8), AppHost.maintenanceFlag(conf),
                        "0644");
                expect(steps, AppHost.port(conf), "/api/posts", true, "speedy-app");
                did.add("speedy-app answers 503 maintenance");
            }
            if (isBalancer(steps.host())) {
                steps.check(List.of("mkdir", "-p", LB_PAGES), "mkdir " + LB_PAGES);
                steps.upload(notice.html().getBytes(StandardCharsets.UTF_8), LB_PAGES + "maintenance.html", "0644");
                steps.upload(notice.json().getBytes(StandardCharsets.UTF_8), LB_PAGES + "maintenance.json", "0644");
                steps.check(List.of("touch", LB_FLAG), "touch " + LB_FLAG);
                expect(steps, LB_PORT, "/", true, "the balancer");
                did.add("the balancer answers 503 maintenance");
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, String.join("; ", did), List.of(),
                    steps.logFile());
        };
    }

    private static Rollout.HostJob<HostResult> off() {
        return steps -> {
            List<String> did = new ArrayList<>();
            if (LbPool.runsTheApp(steps.host())) {
                String conf = AppHost.conf(steps).orElseThrow();
                steps.check(List.of("rm", "-f", AppHost.maintenanceFlag(conf)), "rm the maintenance flag");
                expect(steps, AppHost.port(conf), "/api/posts", false, "speedy-app");
                did.add("speedy-app serves");
            }
            if (isBalancer(steps.host())) {
                steps.check(List.of("rm", "-f", LB_FLAG, LB_PAGES + "maintenance.html", LB_PAGES + "maintenance.json"),
                        "rm " + LB_FLAG + " and its pages");
                did.add("the balancer's flag removed");
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, String.join("; ", did), List.of(),
                    steps.logFile());
        };
    }

    /** A request from the host itself: a maintenance answer (503, error maintenance) or not, as {@code on} wants. */
    private static void expect(HostSteps steps, int port, String path, boolean on, String who)
            throws IOException, SshException, InterruptedException {
        String response = steps.run(AppHost.get(port, path)).stdoutText();
        int status = AppHost.status(response);
        boolean maintenance = status == 503 && AppHost.body(response)
                .map(b -> "maintenance".equals(b.path("error").asText())).orElse(false);
        if (maintenance != on) {
            throw new IOException(who + " answered GET " + path + " with " + (status == 0 ? "nothing" : status)
                    + (on ? ", not 503 maintenance" : ", still in maintenance") + ": "
                    + response.lines().findFirst().orElse(""));
        }
    }
}
