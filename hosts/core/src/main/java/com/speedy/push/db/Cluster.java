package com.speedy.push.db;

import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.util.List;

/**
 * A host's PostgreSQL cluster as Debian's postgresql-common lays it out ({@code pg_lsclusters}): version, name, data
 * folder, whether it runs, and where its configuration lives.
 */
public record Cluster(String version, String name, String dataDir, boolean online) {
    public static Cluster of(HostSteps steps) throws IOException, SshException, InterruptedException {
        String[] fields = steps.check(List.of("pg_lsclusters", "--no-header"), "pg_lsclusters").stdoutText().strip()
                .split("\\s+");
        if (fields.length < 6) {
            throw new IOException(steps.host().name() + " has no PostgreSQL cluster (pg_lsclusters shows none)");
        }
        return new Cluster(fields[0], fields[1], fields[5], fields[3].startsWith("online"));
    }

    public String confDir() {
        return "/etc/postgresql/" + version + "/" + name;
    }

    public String startConf() {
        return confDir() + "/start.conf";
    }

    /** The systemd unit of the cluster, e.g. {@code postgresql@15-main}. */
    public String unit() {
        return "postgresql@" + version + "-" + name;
    }

    public String binary(String program) {
        return "/usr/lib/postgresql/" + version + "/bin/" + program;
    }

    /** Sets Debian's start.conf: {@code auto} starts the cluster at boot, {@code manual} keeps it down (a fence). */
    void setStart(HostSteps steps, String mode) throws IOException, SshException, InterruptedException {
        steps.check(RootScript.SET_START_CONF.argv(mode, startConf()),
                "setting " + startConf() + " to " + mode);
    }

    /** psql as the postgres superuser over the local socket, reading SQL from stdin (so no secret is on a command line). */
    public static List<String> psql() {
        return List.of("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres");
    }

    /** One query's unaligned, tuples-only answer ({@code psql -XAtq}), fields separated by {@code |}. */
    public static List<String> query(String sql) {
        return List.of("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d",
                "postgres", "-c", sql);
    }
}
