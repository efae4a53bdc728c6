package com.speedy.push.cli;

import com.speedy.push.config.SecretStore;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.monitoring.MonitoringConfig;
import com.speedy.push.monitoring.InvalidMonitoringException;
import com.speedy.push.monitoring.MonitoringJobs;
import com.speedy.push.monitoring.WebInterface;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
                + " speedy-backup's host. A check a minute, an alert at the second failure in a row. And the web"
                + " interface: nginx's site serving Munin's pages at /munin/ and Nagios's CGIs at /nagios4/ (through"
                + " fcgiwrap) to firewall.operators only, as user " + WebInterface.USER + " with the password kept in"
                + " the secret store as " + WebInterface.PASSWORD_KEY + " of " + WebInterface.PACKAGE + ".",
                "Prints them; --output DIR writes them under DIR; --install writes them on the monitoring server ("
                + MonitoringConfig.MUNIN_FILE + ", " + MonitoringConfig.NAGIOS_FILE + ", " + WebInterface.SITE
                + ", the password's hash in " + WebInterface.HTPASSWD + ", the user authorized in /etc/nagios4/cgi.cfg),"
                + " leaves out Debian's sample localhost in Nagios and Munin and Debian's default nginx site, checks"
                + " Nagios's and nginx's configuration (putting every file back if either refuses it), reloads both,"
                + " starts fcgiwrap and runs the Munin master every 5 minutes (speedy-munin-cron.timer).",
                "The server needs Debian's " + MonitoringJobs.SERVER_PACKAGES + "; --install needs"
                + " firewall.operators in the inventory and the password in the store (set it first, as below)."},
        footer = {"", "Examples:", "  push monitoring config",
            "  push config set " + WebInterface.PACKAGE + " " + WebInterface.PASSWORD_KEY
                + " --from-file pw --store-only",
            "  push monitoring config --install",
            "  (then open http://MONITORING-SERVER/ as " + WebInterface.USER + ")"})
final class MonitoringConfigCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--output", paramLabel = "DIR", description = "write munin/speedy.conf, nagios/speedy.cfg and"
            + " nginx/speedy-monitoring.conf")
    Path output;

    @Option(names = "--install", description = "write them on the monitoring server and reload Nagios and nginx")
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
        PrintWriter err = spec.commandLine().getErr();
        MonitoringConfig.warning(inv).ifPresent(note -> err.println("push: note: " + note
                + "; name them under monitoring.contacts in " + inv.file()));
        Optional<WebInterface> web;
        try {
            web = Optional.of(WebInterface.of(inv));
        } catch (InvalidMonitoringException e) {
            if (install) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + fix(inv));
            }
            err.println("push: note: no web interface: " + e.getMessage() + fix(inv));
            web = Optional.empty();
        }
        if (output != null) {
            Files.createDirectories(output.resolve("munin"));
            Files.createDirectories(output.resolve("nagios"));
            Files.writeString(output.resolve("munin/speedy.conf"), munin);
            Files.writeString(output.resolve("nagios/speedy.cfg"), nagios);
            out.print("wrote " + output.resolve("munin/speedy.conf") + " and " + output.resolve("nagios/speedy.cfg"));
            if (web.isPresent()) {
                Files.createDirectories(output.resolve("nginx"));
                Files.writeString(output.resolve("nginx/speedy-monitoring.conf"), web.get().site());
                out.print(" and " + output.resolve("nginx/speedy-monitoring.conf"));
            }
            out.println();
        }
        if (!install) {
            if (output == null) {
                out.print("### " + MonitoringConfig.MUNIN_FILE + "\n" + munin + "\n### " + MonitoringConfig.NAGIOS_FILE
                        + "\n" + nagios);
                web.ifPresent(w -> out.print("\n### " + WebInterface.SITE + "\n" + w.site()));
            }
            return 0;
        }
        Host server = server(inv, spec);
        byte[] password = password(ConfigCommand.store(inv, spec));
        var logs = logDir.logs("monitoring-config");
        List<HostResult> results = Sessions.rollout(inv, logs, out).run(List.of(server),
                new RolloutOptions(1, 0, 0, false), MonitoringJobs.installConfig(munin, nagios, web.orElseThrow(),
                        password, inv.hosts().size()));
        return Summary.print(out, results, logs.dir().toString());
    }

    /** What to change, for a web interface the inventory cannot make. */
    private static String fix(Inventory inv) {
        return inv.firewall().map(f -> f.operators().isEmpty()).orElse(true)
                ? ": add `firewall: {operators: [ADDRESS...]}` (where operators browse from) to " + inv.file()
                : ": take it out of group lb in " + inv.file();
    }

    /** The operator's password from the store, or a usage error naming the command that sets it. */
    private byte[] password(SecretStore store) throws IOException, InterruptedException {
        if (!store.keys(WebInterface.PACKAGE).contains(WebInterface.PASSWORD_KEY)) {
            throw new ParameterException(spec.commandLine(), "the secret store has no " + WebInterface.PASSWORD_KEY
                    + " of " + WebInterface.PACKAGE + " (" + store.file(WebInterface.PACKAGE, WebInterface.PASSWORD_KEY)
                    + "), the web interface's password: push config set " + WebInterface.PACKAGE + " "
                    + WebInterface.PASSWORD_KEY + " --from-file FILE --store-only; nothing was changed");
        }
        return store.get(WebInterface.PACKAGE, WebInterface.PASSWORD_KEY);
    }
}
