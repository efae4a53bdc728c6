package com.speedy.push.monitoring;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.HostsFile;
import com.speedy.push.inventory.InvalidPackageSpecException;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.InstallJob;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code push monitoring install} on one host: speedy-monitoring (which brings the agents), then their allow lists; and
 * {@code push monitoring config --install} on the monitoring server.
 */
public final class MonitoringJobs {
    static final String PACKAGE = "speedy-monitoring";
    /** speedy-monitoring's timer that runs munin-cron (no cron needed); enabled on the monitoring server only. */
    static final String MUNIN_TIMER = "speedy-munin-cron.timer";

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
            recordDbAlias(steps).ifPresent(address -> did.add("db alias check told that db is " + address));
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

    /**
     * Tells the db alias check where {@code db} points, as push last set it in /etc/hosts, when nothing told it yet:
     * a host whose alias was set before speedy-monitoring came would otherwise be UNKNOWN until the next move. A record
     * that exists is left alone: it is what push set, and a difference is what the check is for.
     */
    private static Optional<String> recordDbAlias(HostSteps steps)
            throws IOException, SshException, InterruptedException {
        if (steps.run(List.of("test", "-e", DbAliasJobs.MONITORING_DB_ADDRESS)).exitStatus() == 0) {
            return Optional.empty();
        }
        Optional<String> alias = HostsFile.of(steps.check(List.of("cat", "/etc/hosts"), "reading /etc/hosts")
                .stdoutText()).alias();
        if (alias.isPresent()) {
            steps.check(RootScript.WRITE_IF_FOLDER.argv(alias.get(), DbAliasJobs.MONITORING_DB_ADDRESS),
                    "writing " + DbAliasJobs.MONITORING_DB_ADDRESS);
        }
        return alias;
    }

    /**
     * Writes Munin's and Nagios's configuration on the monitoring server, with Debian's sample localhost left out,
     * checks Nagios's, reloads it and has the Munin master run every 5 minutes. Fails closed: when Nagios refuses the
     * configuration, every file is put back as it was (or removed, where there was none) before the error is told, and
     * the running Nagios keeps what it had.
     */
    public static Rollout.HostJob<HostResult> installConfig(String munin, String nagios, int hosts) {
        return steps -> {
            Map<String, Optional<String>> before = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            after.put(MonitoringConfig.MUNIN_FILE, munin);
            after.put(MonitoringConfig.NAGIOS_FILE, nagios);
            for (String file : List.of(MonitoringConfig.MUNIN_FILE, MonitoringConfig.NAGIOS_FILE,
                    SampleConfig.NAGIOS_CFG, SampleConfig.MUNIN_CONF)) {
                before.put(file, read(steps, file));
            }
            after.put(SampleConfig.NAGIOS_CFG, SampleConfig.nagiosCfg(before.get(SampleConfig.NAGIOS_CFG)
                    .orElseThrow(() -> new IOException(SampleConfig.NAGIOS_CFG + " is missing: is nagios4 installed"
                            + " on " + steps.host().name() + "?"))));
            after.put(SampleConfig.MUNIN_CONF, SampleConfig.muninConf(before.get(SampleConfig.MUNIN_CONF)
                    .orElseThrow(() -> new IOException(SampleConfig.MUNIN_CONF + " is missing: is munin installed on "
                            + steps.host().name() + "?"))));
            List<String> changed = after.keySet().stream()
                    .filter(file -> !before.get(file).equals(Optional.of(after.get(file)))).toList();
            for (String file : changed) {
                steps.upload(after.get(file).getBytes(StandardCharsets.UTF_8), file, "0644");
            }
            CommandResult verify = steps.run(List.of("nagios4", "-v", SampleConfig.NAGIOS_CFG));
            if (verify.exitStatus() != 0) {
                for (String file : changed) {
                    Optional<String> old = before.get(file);
                    if (old.isPresent()) {
                        steps.upload(old.get().getBytes(StandardCharsets.UTF_8), file, "0644");
                    } else {
                        steps.check(List.of("rm", "-f", file), "removing " + file);
                    }
                }
                return new HostResult(steps.host(), HostResult.Outcome.FAILED, "nagios4 -v refused the configuration"
                        + " (every file put back as it was; Nagios runs on with the old one): "
                        + HostSteps.lastLine(verify), List.of(), steps.logFile());
            }
            steps.check(List.of("systemctl", "reload-or-restart", "nagios4"), "reloading nagios4");
            steps.check(List.of("systemctl", "enable", "--now", "--quiet", MUNIN_TIMER), "starting " + MUNIN_TIMER);
            return new HostResult(steps.host(), changed.isEmpty() ? HostResult.Outcome.OK : HostResult.Outcome.CHANGED,
                    hosts + " host(s) in Munin's and Nagios's configuration" + (changed.isEmpty() ? ", as it was"
                    : "; wrote " + String.join(", ", changed)) + "; the Munin master every 5 minutes", List.of(),
                    steps.logFile());
        };
    }

    /** A file's text, or empty when there is none. */
    private static Optional<String> read(HostSteps steps, String file)
            throws IOException, SshException, InterruptedException {
        if (steps.run(List.of("test", "-e", file)).exitStatus() != 0) {
            return Optional.empty();
        }
        return Optional.of(steps.check(List.of("cat", file), "reading " + file).stdoutText());
    }
}
