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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code push monitoring install} on one host: speedy-monitoring (which brings the agents), then their allow lists; and
 * {@code push monitoring config --install} on the monitoring server.
 */
public final class MonitoringJobs {
    static final String PACKAGE = "speedy-monitoring";
    /** speedy-monitoring's timer that runs munin-cron (no cron needed); enabled on the monitoring server only. */
    static final String MUNIN_TIMER = "speedy-munin-cron.timer";
    static final String FCGIWRAP_SOCKET = "fcgiwrap.socket";
    /**
     * What the monitoring server runs, from Debian: php-cgi only satisfies nagios4-cgi's dependency on a PHP (named,
     * else apt picks Apache's module and Apache with it); nothing here runs PHP.
     */
    public static final String SERVER_PACKAGES = "munin nagios4-core nagios4-cgi php-cgi nginx fcgiwrap";

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
     * Writes Munin's and Nagios's configuration and the web interface on the monitoring server, with Debian's sample
     * localhost left out, checks Nagios's and nginx's configuration, reloads both and has the Munin master run every 5
     * minutes. Fails closed: when Nagios or nginx refuses the configuration, every path is put back as it was (its
     * bytes, mode and owner; removed, where there was none) before the error is told, and the running Nagios and nginx
     * keep what they had. A server without one of the packages is told so before anything changes.
     *
     * @param password the operator's password for the web interface; only its hash goes to the host
     */
    public static Rollout.HostJob<HostResult> installConfig(String munin, String nagios, WebInterface web,
            byte[] password, int hosts) {
        return steps -> {
            Map<String, KeptFile> before = new LinkedHashMap<>();
            for (String file : List.of(MonitoringConfig.MUNIN_FILE, MonitoringConfig.NAGIOS_FILE,
                    SampleConfig.NAGIOS_CFG, SampleConfig.MUNIN_CONF, WebInterface.CGI_CFG, WebInterface.SITE,
                    WebInterface.HTPASSWD, WebInterface.DEBIAN_SITE)) {
                before.put(file, KeptFile.read(steps, file, file.equals(WebInterface.HTPASSWD)));
            }
            requirePackages(steps, before);
            Map<String, Written> after = new LinkedHashMap<>();
            after.put(MonitoringConfig.MUNIN_FILE, Written.root(munin));
            after.put(MonitoringConfig.NAGIOS_FILE, Written.root(nagios));
            after.put(SampleConfig.NAGIOS_CFG, edited(before.get(SampleConfig.NAGIOS_CFG), SampleConfig::nagiosCfg));
            after.put(SampleConfig.MUNIN_CONF, edited(before.get(SampleConfig.MUNIN_CONF), SampleConfig::muninConf));
            after.put(WebInterface.CGI_CFG, edited(before.get(WebInterface.CGI_CFG), WebInterface::cgiCfg));
            after.put(WebInterface.SITE, Written.root(web.site()));
            after.put(WebInterface.HTPASSWD, new Written(WebInterface.htpasswd(before.get(WebInterface.HTPASSWD)
                    .text(), password, new SecureRandom()), WebInterface.HTPASSWD_MODE, WebInterface.HTPASSWD_OWNER));
            List<String> changed = after.keySet().stream()
                    .filter(file -> !before.get(file).holds(after.get(file).bytes(), after.get(file).mode(),
                            after.get(file).owner())).toList();
            List<KeptFile> touched = new ArrayList<>(changed.stream().map(before::get).toList());
            for (String file : changed) {
                Written w = after.get(file);
                steps.upload(w.bytes(), file, w.mode(), w.owner());
            }
            KeptFile debianSite = before.get(WebInterface.DEBIAN_SITE);
            if (debianSite.isLinkTo(WebInterface.DEBIAN_SITE_TARGETS)) {
                touched.add(debianSite);
                steps.check(List.of("rm", "-f", WebInterface.DEBIAN_SITE), "disabling Debian's default site");
            }
            for (List<String> check : List.of(List.of("nagios4", "-v", SampleConfig.NAGIOS_CFG),
                    List.of("nginx", "-t"))) {
                CommandResult verify = steps.run(check);
                if (verify.exitStatus() != 0) {
                    for (KeptFile file : touched) {
                        file.restore(steps);
                    }
                    return new HostResult(steps.host(), HostResult.Outcome.FAILED, String.join(" ", check)
                            + " refused the configuration (every file put back as it was; Nagios and nginx run on"
                            + " with the old one): " + refusal(verify), List.of(), steps.logFile());
                }
            }
            steps.check(List.of("systemctl", "reload-or-restart", "nagios4"), "reloading nagios4");
            steps.check(List.of("systemctl", "enable", "--now", "--quiet", FCGIWRAP_SOCKET), "starting fcgiwrap");
            steps.check(List.of("systemctl", "enable", "--quiet", "nginx"), "enabling nginx");
            steps.check(List.of("systemctl", "reload-or-restart", "nginx"), "reloading nginx");
            steps.check(List.of("systemctl", "enable", "--now", "--quiet", MUNIN_TIMER), "starting " + MUNIN_TIMER);
            List<String> did = new ArrayList<>(changed);
            if (touched.contains(debianSite)) {
                did.add("removed " + WebInterface.DEBIAN_SITE);
            }
            return new HostResult(steps.host(), did.isEmpty() ? HostResult.Outcome.OK : HostResult.Outcome.CHANGED,
                    hosts + " host(s) in Munin's and Nagios's configuration" + (did.isEmpty() ? ", as it was"
                    : "; wrote " + String.join(", ", did)) + "; the Munin master every 5 minutes; Munin and Nagios"
                    + " on http://" + steps.host().address() + "/ for " + String.join(", ", web.operators()),
                    List.of(), steps.logFile());
        };
    }

    /** A file as push writes it. */
    private record Written(byte[] bytes, String mode, String owner) {
        Written(String text, String mode, String owner) {
            this(text.getBytes(StandardCharsets.UTF_8), mode, owner);
        }

        static Written root(String text) {
            return new Written(text, "0644", "root:root");
        }
    }

    /** A package's file with push's changes, keeping its mode and owner. */
    private static Written edited(KeptFile file, UnaryOperator<String> edit) {
        return new Written(edit.apply(file.text().orElseThrow()), file.mode(), file.owner());
    }

    /** The packages the monitoring server needs, each by a file it installs; all named at once when some lack. */
    private static void requirePackages(HostSteps steps, Map<String, KeptFile> read)
            throws IOException, SshException, InterruptedException {
        Map<String, String> needs = new LinkedHashMap<>();
        needs.put("munin", SampleConfig.MUNIN_CONF);
        needs.put("nagios4-core", SampleConfig.NAGIOS_CFG);
        needs.put("nagios4-cgi", WebInterface.CGI_CFG);
        needs.put("nginx", "/usr/sbin/nginx");
        needs.put("fcgiwrap", "/usr/sbin/fcgiwrap");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> need : needs.entrySet()) {
            boolean there = read.containsKey(need.getValue()) ? read.get(need.getValue()).exists()
                    : steps.run(List.of("test", "-e", need.getValue())).exitStatus() == 0;
            if (!there) {
                missing.add(need.getKey() + " (no " + need.getValue() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(steps.host().name() + " lacks " + String.join(", ", missing) + "; nothing was"
                    + " changed. The monitoring server needs: apt-get install " + String.join(" ", SERVER_PACKAGES));
        }
    }

    /** nginx names the problem in its [emerg] line, then says that the test failed; Nagios's last line says it. */
    private static String refusal(CommandResult verify) {
        return (verify.stderrText() + verify.stdoutText()).lines().filter(line -> line.contains("[emerg]"))
                .findFirst().orElseGet(() -> HostSteps.lastLine(verify));
    }
}
