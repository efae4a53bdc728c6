package com.speedy.push.rollout;

import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.PackageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What push will do on one host, computed before it changes anything: for each package, the installed version and the
 * target (the version asked for, else the newest its suite has), and the packages it cannot plan, with the reason.
 */
public record HostPlan(Host host, List<Change> changes, List<String> problems) {
    public HostPlan {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    /** The plan for installing {@code wanted} on a host that has {@code installed} and whose apt offers {@code candidates}. */
    public static HostPlan of(Host host, List<PackageSpec> wanted, Installed installed, Candidates candidates) {
        List<Change> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PackageSpec spec : wanted) {
            String name = spec.name().toString();
            Optional<String> target = spec.version().map(Object::toString).or(() -> candidates.version(name));
            if (target.isEmpty()) {
                problems.add(name + " is not in " + host.suite().map(s -> "suite " + s).orElse("the host's sources")
                        + "; publish it, or run `push apt-source " + host.name() + "` if the host has no source yet");
                continue;
            }
            changes.add(new Change(name, installed.version(name), target.get()));
        }
        return new HostPlan(host, changes, problems);
    }

    /** The changes that do something. */
    public List<Change> pending() {
        return changes.stream().filter(c -> c.kind() != Change.Kind.KEEP).toList();
    }
}
