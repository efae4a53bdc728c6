package com.speedy.push.sudo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What push may run as root on a host, and nothing more: the programs it runs with any arguments, the few it runs only
 * in one form (PostgreSQL's and Barman's commands as their own users, apt through a fixed environment), and the
 * scripts of {@link RootScript}. push checks each command against this list before it runs it, whoever it logs in
 * as, so a command missing here fails every test that runs it; and the deploy user's sudo rule is written from it.
 *
 * <p>It narrows what push does by mistake and keeps sudo's journal readable. It is no wall against whoever holds the
 * deploy user's key: apt-get, install and the upload verb can each be made to run anything as root.
 */
public final class RootPrograms {
    /** The programs push runs as root with any arguments, by the name it runs them with, and where Debian has each. */
    static final Map<String, String> ANY_ARGUMENTS = paths(
            "apt-cache", "/usr/bin/apt-cache",
            "apt-config", "/usr/bin/apt-config",
            "cat", "/usr/bin/cat",
            "cp", "/usr/bin/cp",
            "dd", "/usr/bin/dd",
            "dpkg-query", "/usr/bin/dpkg-query",
            "find", "/usr/bin/find",
            "getent", "/usr/bin/getent",
            "hostname", "/usr/bin/hostname",
            "id", "/usr/bin/id",
            "install", "/usr/bin/install",
            "journalctl", "/usr/bin/journalctl",
            "ln", "/usr/bin/ln",
            "locale", "/usr/bin/locale",
            "lslocks", "/usr/bin/lslocks",
            "mkdir", "/usr/bin/mkdir",
            "mv", "/usr/bin/mv",
            "nagios4", "/usr/sbin/nagios4",
            "nginx", "/usr/sbin/nginx",
            "/usr/sbin/nft", "/usr/sbin/nft",
            "pg_createcluster", "/usr/bin/pg_createcluster",
            "pg_ctlcluster", "/usr/bin/pg_ctlcluster",
            "pg_dropcluster", "/usr/bin/pg_dropcluster",
            "pg_lsclusters", "/usr/bin/pg_lsclusters",
            "readlink", "/usr/bin/readlink",
            "rm", "/usr/bin/rm",
            "sha256sum", "/usr/bin/sha256sum",
            "sshd", "/usr/sbin/sshd",
            "systemctl", "/usr/bin/systemctl",
            "test", "/usr/bin/test",
            "touch", "/usr/bin/touch",
            "true", "/usr/bin/true",
            "truncate", "/usr/bin/truncate",
            "useradd", "/usr/sbin/useradd",
            "visudo", "/usr/sbin/visudo");

    /** Commands push runs as root only as these words begin them; the program is the first word's path here. */
    static final Map<List<String>, String> FIXED_START = Map.of(
            List.of("runuser", "-u", "postgres", "--"), "/usr/sbin/runuser",
            List.of("runuser", "-u", "barman", "--"), "/usr/sbin/runuser",
            List.of("env", "LC_ALL=C", "DEBIAN_FRONTEND=noninteractive", "NEEDRESTART_SUSPEND=1", "apt-get"),
            "/usr/bin/env",
            List.of("env", "LC_ALL=C", "apt-cache", "policy"), "/usr/bin/env");

    /** A cluster's own pg_controldata, which reads the control file of a data directory only root can read. */
    private static final Pattern PG_CONTROLDATA = Pattern.compile("/usr/lib/postgresql/[0-9]+/bin/pg_controldata");
    private static final String PG_CONTROLDATA_SUDOERS = "/usr/lib/postgresql/[0-9]*/bin/pg_controldata";

    private RootPrograms() {}

    /**
     * Refuses a command that push may not run as root.
     *
     * @throws IllegalArgumentException naming the command, which is a bug in push: every command push runs as root is
     *     listed here
     */
    public static void check(List<String> argv) {
        if (!allowed(argv)) {
            throw new IllegalArgumentException("push may not run '" + String.join(" ", argv.subList(0,
                    Math.min(argv.size(), 4))) + "' as root: it is not in RootPrograms (nor a RootScript)");
        }
    }

    static boolean allowed(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        if (RootScript.of(argv).isPresent() || ANY_ARGUMENTS.containsKey(argv.get(0))
                || PG_CONTROLDATA.matcher(argv.get(0)).matches()) {
            return true;
        }
        return FIXED_START.keySet().stream().anyMatch(start -> argv.size() >= start.size()
                && argv.subList(0, start.size()).equals(start));
    }

    /**
     * The commands of the deploy user's sudo rule, in sudoers' syntax: the helper (for the scripts), each program by
     * its path (any arguments), and the fixed starts followed by {@code *}.
     */
    public static List<String> sudoersCommands() {
        List<String> commands = new ArrayList<>();
        commands.add(SudoHelper.PATH);
        commands.addAll(ANY_ARGUMENTS.values());
        commands.add(PG_CONTROLDATA_SUDOERS);
        FIXED_START.entrySet().stream()
                .map(e -> e.getValue() + " " + String.join(" ", e.getKey().subList(1, e.getKey().size()))
                        .replace("=", "\\=") + " *")
                .sorted()
                .forEach(commands::add);
        return commands;
    }

    /** The programs and where Debian has them, for a test to compare with {@code command -v} on a host. */
    public static Map<String, String> paths() {
        Map<String, String> all = new LinkedHashMap<>(ANY_ARGUMENTS);
        FIXED_START.forEach((start, path) -> all.put(start.get(0), path));
        return all;
    }

    private static Map<String, String> paths(String... nameThenPath) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPath.length; i += 2) {
            map.put(nameThenPath[i], nameThenPath[i + 1]);
        }
        return map;
    }
}
