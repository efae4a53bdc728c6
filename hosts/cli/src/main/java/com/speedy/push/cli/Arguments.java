package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.InvalidPackageSpecException;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.inventory.SelectionException;
import com.speedy.push.rollout.PackageLookup;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code PKG[=VERSION]... HOST|GROUP...} as one list of words: a word that names a host or group of the inventory is a
 * target, any other a package. So {@code push install speedy-app host1} reads as a person would write it. A mistyped
 * host is then a package nobody knows: every word must name a host, a group, or a package the inventory or (for
 * install and remove) the hosts' repository knows, checked before anything changes; all unknown words are reported
 * at once, each with the closest known name.
 */
record Arguments(List<PackageSpec> packages, List<String> targets, List<String> neither) {
    /** Where a package name the inventory does not name may still be known. */
    enum Packages {
        /** Only the inventory's: upgrade brings hosts to what the inventory gives them. */
        IN_THE_INVENTORY,
        /** Or the repository's, as apt on the hosts sees it after fetching the repository's lists (install). */
        IN_THE_REPOSITORY,
        /** Or installed on the hosts, or the repository's as their lists already are (remove). */
        ON_THE_HOSTS
    }

    static Arguments split(List<String> words, Inventory inventory) {
        List<PackageSpec> packages = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<String> neither = new ArrayList<>();
        for (String word : words) {
            if (inventory.isTarget(word)) {
                targets.add(word);
                continue;
            }
            try {
                packages.add(PackageSpec.parse(word));
            } catch (InvalidPackageSpecException e) {
                neither.add(word);
            }
        }
        return new Arguments(packages, targets, neither);
    }

    /**
     * The hosts the words select, once every word is known to name something; else a {@link SelectionException}
     * naming every unknown word (exit 2, nothing done). Asks the selected hosts' apt about package names the
     * inventory does not name, when {@code where} allows those.
     */
    List<Host> select(Inventory inventory, boolean all, Packages where, PrintWriter out)
            throws SelectionException, InterruptedException {
        List<String> unknown = new ArrayList<>(neither);
        List<String> outside = packages.stream().map(p -> p.name().toString())
                .filter(name -> !inventory.packageNames().contains(name)).distinct().toList();
        boolean hostsCanTell = where != Packages.IN_THE_INVENTORY && (all || !targets.isEmpty());
        if (!hostsCanTell) {
            unknown.addAll(outside);
        }
        if (!unknown.isEmpty()) {
            throw inventory.unknownNames(unknown, List.of());
        }
        List<Host> hosts = inventory.select(targets, all);
        if (!outside.isEmpty()) {
            askHosts(inventory, hosts, outside, where == Packages.IN_THE_REPOSITORY, out);
        }
        return hosts;
    }

    /** Refuses the names no host's apt knows; a host that cannot be asked has no say (its own row will tell why). */
    private static void askHosts(Inventory inventory, List<Host> hosts, List<String> names, boolean refreshLists,
            PrintWriter out) throws SelectionException, InterruptedException {
        out.println("checking that the hosts' repository knows " + String.join(", ", names));
        out.flush();
        List<PackageLookup.Answer> answers = Sessions.quiet(inventory, "package-lookup").run(hosts,
                new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false),
                PackageLookup.job(names, refreshLists), (host, outcome, why, log) -> PackageLookup.Answer.none(),
                answer -> !answer.answered());
        if (answers.stream().noneMatch(PackageLookup.Answer::answered)) {
            return;
        }
        Set<String> known = new TreeSet<>();
        Set<String> similar = new TreeSet<>();
        answers.forEach(a -> {
            known.addAll(a.known());
            similar.addAll(a.similar());
        });
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw inventory.unknownNames(unknown, similar);
        }
    }
}
