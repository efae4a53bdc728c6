package com.speedy.push.monitoring;

import com.speedy.push.inventory.InvalidPackageSpecException;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.InstallJob;
import com.speedy.push.rollout.Rollout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push monitoring install} on one host: speedy-monitoring (which brings the agents), then their allow lists; and
 * {@code push monitoring config --install} on the monitoring server.
 */
public final class MonitoringJobs {
    static final String PACKAGE = "speedy-monitoring";

    private MonitoringJobs() {}

    public static Rollout.HostJob<HostResult> install(List<String> servers) throws InvalidPackageSpecException {
        List<PackageSpec> wanted = List.of(PackageSpec.parse(PACKAGE));
        return steps -> {
            HostResult installed = new InstallJob(host -> wanted, false).run(steps);
            if (installed.outcome().isFailure()) {
                return installed;
            }
            List<String> did = new ArrayList<>();
            if (installed.outcome() == HostResult.Outcome.CHANGED) {
                did.add(installed.detail());
            }
            String before = steps.check(List.of("cat", AgentConfig.MUNIN_NODE_CONF), "reading "
                    + AgentConfig.MUNIN_NODE_CONF).stdoutText();
            String munin = AgentConfig.muninNodeConf(before, servers);
            String nrpe = AgentConfig.nrpeDropIn(servers);
            String nrpeBefore = steps.run(List.of("cat", AgentConfig.NRPE_DROP_IN)).stdoutText();
            if (!munin.equals(before) || !nrpe.equals(nrpeBefore)) {
                steps.progress("allowing " + String.join(", ", servers) + " in munin-node and NRPE");
                steps.upload(munin.getBytes(StandardCharsets.UTF_8), AgentConfig.MUNIN_NODE_CONF, "0644");
                steps.upload(nrpe.getBytes(StandardCharsets.UTF_8), AgentConfig.NRPE_DROP_IN, "0644");
                did.add("allowed " + String.join(", ", servers));
            }
            // Restarted in any case: a new package's plugins and checks are read at start.
            steps.check(List.of("systemctl", "enable", "--quiet", "munin-node", "nagios-nrpe-server"),
                    "enabling munin-node and nagios-nrpe-server");
            steps.check(List.of("systemctl", "restart", "munin-node", "nagios-nrpe-server"),
                    "restarting munin-node and nagios-nrpe-server");
            return new HostResult(steps.host(), did.isEmpty() ? HostResult.Outcome.OK : HostResult.Outcome.CHANGED,
                    did.isEmpty() ? "agents as they were; restarted" : String.join("; ", did), installed.changes(),
                    steps.logFile());
        };
    }

    /** Writes Munin's and Nagios's configuration on the monitoring server, checks Nagios's, and reloads it. */
    public static Rollout.HostJob<HostResult> installConfig(String munin, String nagios, int hosts) {
        return steps -> {
            steps.upload(munin.getBytes(StandardCharsets.UTF_8), MonitoringConfig.MUNIN_FILE, "0644");
            steps.upload(nagios.getBytes(StandardCharsets.UTF_8), MonitoringConfig.NAGIOS_FILE, "0644");
            steps.check(List.of("nagios4", "-v", "/etc/nagios4/nagios.cfg"), "nagios4 -v (the configuration check)");
            steps.check(List.of("systemctl", "reload-or-restart", "nagios4"), "reloading nagios4");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, hosts
                    + " host(s) in Munin's and Nagios's configuration", List.of(), steps.logFile());
        };
    }
}
