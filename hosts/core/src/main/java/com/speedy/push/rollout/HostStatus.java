package com.speedy.push.rollout;

import com.speedy.push.app.AppHost;
import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code push status} of one host: for each package, the installed version, the newest its suite offers and the state
 * of its systemd units; whether maintenance mode is on; or why the host could not be asked.
 *
 * @param maintenance {@code on} or {@code off} where speedy-app or speedy-lb is installed (either's flag file counts),
 *     else empty
 */
public record HostStatus(Host host, List<PackageStatus> packages, String maintenance, String error) {
    /** One package on one host; empty strings where there is nothing (not installed, not offered, no unit). */
    public record PackageStatus(String name, String installed, String available, String units) {}

    public HostStatus {
        packages = List.copyOf(packages);
    }

    /** The job: reads dpkg, apt and systemd; changes nothing (not even the package lists). */
    public static Rollout.HostJob<HostStatus> of(List<String> names) {
        return steps -> {
            Installed installed = steps.installed(names);
            Candidates candidates = steps.candidates(names);
            List<PackageStatus> rows = new ArrayList<>();
            for (String name : names) {
                rows.add(new PackageStatus(name, installed.version(name).orElse(""),
                        candidates.version(name).orElse(""), units(steps, name)));
            }
            return new HostStatus(steps.host(), rows, maintenance(steps), "");
        };
    }

    /** speedy-app's flag (where its conffile names it, else the default) or speedy-lb's: on, off, or not there. */
    private static String maintenance(HostSteps steps) throws IOException, SshException, InterruptedException {
        Optional<String> conf = AppHost.conf(steps);
        boolean balancer = steps.run(List.of("test", "-d", "/var/lib/speedy-lb")).exitStatus() == 0;
        if (conf.isEmpty() && !balancer) {
            return "";
        }
        List<String> flags = new ArrayList<>(List.of("/var/lib/speedy-lb/maintenance"));
        conf.ifPresent(c -> flags.add(AppHost.maintenanceFlag(c)));
        return steps.run(RootScript.ANY_EXISTS.argv(flags)).exitStatus() == 0 ? "on" : "off";
    }

    /** The package's own units ({@code NAME.service}, {@code NAME-*.timer}) and their states, e.g. {@code active}. */
    private static String units(HostSteps steps, String name) throws IOException, SshException, InterruptedException {
        String listed = steps.run(AptCommands.units(name)).stdoutText();
        List<String> states = new ArrayList<>();
        for (String line : listed.split("\n")) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length >= 4) {
                states.add(cols[0] + "=" + cols[3]);
            }
        }
        return String.join(" ", states);
    }
}
