package com.speedy.push.db;

import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.util.List;

/**
 * A host's PostgreSQL cluster as Debian's postgresql-common lays it out ({@code pg_lsclusters}): version, name, data
 * folder, and where its configuration lives.
 */
record Cluster(String version, String name, String dataDir) {
    static Cluster of(HostSteps steps) throws IOException, SshException, InterruptedException {
        String[] fields = steps.check(List.of("pg_lsclusters", "--no-header"), "pg_lsclusters").stdoutText().strip()
                .split("\\s+");
        if (fields.length < 6) {
            throw new IOException(steps.host().name() + " has no PostgreSQL cluster (pg_lsclusters shows none)");
        }
        return new Cluster(fields[0], fields[1], fields[5]);
    }

    String confDir() {
        return "/etc/postgresql/" + version + "/" + name;
    }

    /** The systemd unit of the cluster, e.g. {@code postgresql@15-main}. */
    String unit() {
        return "postgresql@" + version + "-" + name;
    }

    /** psql as the postgres superuser over the local socket, reading SQL from stdin (so no secret is on a command line). */
    static List<String> psql() {
        return List.of("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres");
    }
}
