package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push status} of one host: for each package, the installed version, the newest its suite offers and the state
 * of its systemd units; or why the host could not be asked.
 */
public record HostStatus(Host host, List<PackageStatus> packages, String error) {
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
            return new HostStatus(steps.host(), rows, "");
        };
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
