package com.speedy.push.apt;

import com.speedy.debian.Suite;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands push runs on a host to install from the repository, as argv lists (the SSH layer quotes them, and adds
 * {@code sudo -n} for a login user other than root). apt runs non-interactively: Debian's noninteractive frontend, a
 * locally edited conffile kept ({@code --force-confdef --force-confold}), a wait for the dpkg lock rather than a
 * failure, needrestart silenced, and messages in English so that push can read them.
 */
public final class AptCommands {
    /** Where the repository's public keyring goes on a host: what the source entry names with Signed-By. */
    public static final String KEYRING = "/etc/apt/keyrings/speedy.gpg";
    /** The repository's source entry, in deb822 form. */
    public static final String SOURCES = "/etc/apt/sources.list.d/speedy.sources";
    /** How long apt waits for another apt or dpkg to let go of the dpkg lock. */
    public static final int DPKG_LOCK_TIMEOUT_SECONDS = 120;

    private static final List<String> ENV = List.of("env", "LC_ALL=C", "DEBIAN_FRONTEND=noninteractive",
            "NEEDRESTART_SUSPEND=1");

    private AptCommands() {}

    /** The source entry naming the repository, its suite and the keyring that signs it. */
    public static String sourcesFile(URI url, Suite suite) {
        return "Types: deb\n"
                + "URIs: " + url + "\n"
                + "Suites: " + suite + "\n"
                + "Components: main\n"
                + "Signed-By: " + KEYRING + "\n";
    }

    /** Refreshes the lists of every source the host has: for bootstrap, before push's repository is one of them. */
    public static List<String> updateAllLists() {
        return apt("apt-get", "update", "-q");
    }

    /**
     * Refreshes the lists of the repository's source only: the host's other sources (Debian's mirrors) are neither
     * fetched nor dropped, which keeps a push fast and independent of mirrors the host may not reach.
     */
    public static List<String> updateRepositoryLists() {
        return apt("apt-get", "update", "-q",
                "-o", "Dir::Etc::sourcelist=" + SOURCES,
                "-o", "Dir::Etc::sourceparts=-",
                "-o", "APT::Get::List-Cleanup=0");
    }

    /**
     * Installs each package at the given version ({@code name=version}) or the newest its sources have
     * ({@code name}); {@code --allow-downgrades} so that a rollback to the previous version is the same command.
     */
    public static List<String> install(List<String> packages, boolean simulate) {
        return install(packages, simulate, DPKG_LOCK_TIMEOUT_SECONDS);
    }

    /** {@link #install(List, boolean)}, waiting at most {@code lockTimeoutSeconds} for the dpkg lock. */
    public static List<String> install(List<String> packages, boolean simulate, int lockTimeoutSeconds) {
        List<String> argv = apt("apt-get", "install", "-y", "-q", "--allow-downgrades",
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
                "-o", "DPkg::Lock::Timeout=" + lockTimeoutSeconds);
        if (simulate) {
            argv.add("--simulate");
        }
        argv.addAll(packages);
        return argv;
    }

    /** Removes packages, keeping their configuration, or purging it too. */
    public static List<String> remove(List<String> packages, boolean purge, boolean simulate) {
        List<String> argv = apt("apt-get", purge ? "purge" : "remove", "-y", "-q",
                "-o", "DPkg::Lock::Timeout=" + DPKG_LOCK_TIMEOUT_SECONDS);
        if (simulate) {
            argv.add("--simulate");
        }
        argv.addAll(packages);
        return argv;
    }

    /** What dpkg has of each package: one line {@code NAME TAB VERSION TAB STATUS} each; see {@link Installed}. */
    public static List<String> installed(List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("dpkg-query", "--show",
                "--showformat=${Package}\\t${Version}\\t${db:Status-Abbrev}\\n"));
        argv.addAll(packages);
        return argv;
    }

    /** The version apt would install of each package (its candidate); see {@link Candidates}. */
    public static List<String> candidates(List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("env", "LC_ALL=C", "apt-cache", "policy"));
        argv.addAll(packages);
        return argv;
    }

    /**
     * A package's own units and their states, one {@code UNIT LOAD ACTIVE SUB ...} line each: its service
     * ({@code NAME.service}) and its timers ({@code NAME-*.timer}).
     */
    public static List<String> units(String packageName) {
        return List.of("systemctl", "list-units", "--all", "--plain", "--no-legend", "--no-pager",
                packageName + ".service", packageName + "-*.timer");
    }

    private static List<String> apt(String... words) {
        List<String> argv = new ArrayList<>(ENV);
        argv.addAll(List.of(words));
        return argv;
    }
}
