package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.monitoring.MonitoringConfig;
import com.speedy.push.monitoring.MonitoringJobs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Makes the monitoring server's configuration from the inventory: Munin's node list (a"
                + " [speedy;HOST] entry per host) and Nagios's contacts (monitoring.contacts), hosts, hostgroups (the"
                + " inventory's groups) and services: disk, load, the db alias, munin-node and NRPE on every host;"
                + " speedy-app's healthz (on the host and from the monitoring server), speedy-notifier, the oldest"
                + " undelivered notification, the jobs' timers and last success where those packages run; PostgreSQL"
                + " on the db group, and replication lag where it has two hosts or more; the backup checks on"
                + " speedy-backup's host. A check a minute, an alert at the second failure in a row.",
                "Prints both; --output DIR writes them under DIR; --install writes them on the monitoring server ("
                + MonitoringConfig.MUNIN_FILE + ", " + MonitoringConfig.NAGIOS_FILE + "), leaves out Debian's sample"
                + " localhost in Nagios and Munin, checks Nagios's configuration (putting every file back if Nagios"
                + " refuses it), reloads Nagios and runs the Munin master every 5 minutes (speedy-munin-cron.timer)."},
        footer = {"", "Examples:", "  push monitoring config", "  push monitoring config --install"})
final class MonitoringConfigCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--output", paramLabel = "DIR", description = "write munin/speedy.conf and nagios/speedy.cfg")
    Path output;

    @Option(names = "--install", description = "write them on the monitoring server and reload Nagios")
    boolean install;

    @Spec
    CommandSpec spec;

    /** The inventory's monitoring server, or a usage error naming the key. */
    static Host server(Inventory inv, CommandSpec spec) {
        return inv.monitoring().flatMap(m -> inv.host(m.server())).orElseThrow(() -> new ParameterException(
                spec.commandLine(), inv.file() + " names no monitoring server: add `monitoring: {server: HOST}`"));
    }

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        String munin = MonitoringConfig.munin(inv);
        String nagios = MonitoringConfig.nagios(inv);
        PrintWriter out = spec.commandLine().getOut();
        MonitoringConfig.warning(inv).ifPresent(note -> spec.commandLine().getErr().println("push: note: " + note
                + "; name them under monitoring.contacts in " + inv.file()));
        if (output != null) {
            Files.createDirectories(output.resolve("munin"));
            Files.createDirectories(output.resolve("nagios"));
            Files.writeString(output.resolve("munin/speedy.conf"), munin);
            Files.writeString(output.resolve("nagios/speedy.cfg"), nagios);
            out.println("wrote " + output.resolve("munin/speedy.conf") + " and " + output.resolve("nagios/speedy.cfg"));
        }
        if (!install) {
            if (output == null) {
                out.print("### " + MonitoringConfig.MUNIN_FILE + "\n" + munin + "\n### " + MonitoringConfig.NAGIOS_FILE
                        + "\n" + nagios);
            }
            return 0;
        }
        Host server = server(inv, spec);
        var logs = logDir.logs("monitoring-config");
        List<HostResult> results = Sessions.rollout(inv, logs, out).run(List.of(server),
                new RolloutOptions(1, 0, 0, false), MonitoringJobs.installConfig(munin, nagios, inv.hosts().size()));
        return Summary.print(out, results, logs.dir().toString());
    }
}
