package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a switchover or failover needs to know of one database host, running or not: whether its cluster runs, is (or
 * would start as) a standby, is fenced (start.conf not {@code auto}), where its WAL is, who streams from it, and the
 * settings that must match between the two.
 *
 * @param lsn a running primary's current WAL position, a running standby's replay position, a stopped cluster's last
 *     checkpoint
 * @param received a running standby's last WAL received from its primary (empty otherwise)
 * @param cleanlyStopped a stopped cluster whose control file says it was shut down (not crashed)
 * @param streams a running primary's standbys: {@code NAME STATE REPLAY-LSN}
 * @param settings what must match between the pair (settings that a standby needs at least as high, and pg_hba rules)
 * @param unreachable why the host could not be asked ("" when it was)
 */
public record DbNode(Host host, boolean running, boolean standby, boolean fenced, Optional<Lsn> lsn,
                     Optional<Lsn> received, boolean cleanlyStopped, List<String> streams, String settings,
                     String unreachable) {
    public DbNode {
        streams = List.copyOf(streams);
    }

    public static DbNode unreachable(Host host, String why) {
        return new DbNode(host, false, false, false, Optional.empty(), Optional.empty(), false, List.of(), "", why);
    }

    public boolean reachable() {
        return unreachable.isEmpty();
    }

    public boolean runningPrimary() {
        return reachable() && running && !standby;
    }

    public boolean runningStandby() {
        return reachable() && running && standby;
    }

    /** A former primary that is down for good: stopped cleanly, not a standby, and kept down across reboots. */
    public boolean fencedPrimary() {
        return reachable() && !running && !standby && fenced;
    }

    /** Whether {@code name} streams from this primary now. */
    public boolean streamsTo(String name) {
        return streams.stream().anyMatch(s -> s.startsWith(name + " streaming "));
    }

    /** A standby's replay position as its primary last saw it. */
    public Optional<Lsn> replayedBy(String name) {
        return streams.stream().filter(s -> s.startsWith(name + " ")).map(s -> s.split(" "))
                .filter(f -> f.length == 3).map(f -> Lsn.parse(f[2])).findFirst();
    }

    /** In words, for the step lines and refusals. */
    public String describe() {
        if (!reachable()) {
            return host.name() + " unreachable (" + unreachable + ")";
        }
        String at = lsn.map(l -> " at " + l).orElse("");
        if (running) {
            return host.name() + (standby ? " standby, replayed up to " + lsn.map(Lsn::toString).orElse("?")
                    + received.map(r -> ", received up to " + r).orElse("") : " primary" + at
                    + (streams.isEmpty() ? ", no standby streaming" : ", streaming to " + String.join(", ", streams)));
        }
        return host.name() + " stopped" + (cleanlyStopped ? " cleanly" : " (not cleanly)") + (standby ? " standby" : "")
                + (fenced ? ", fenced" : ", start.conf auto") + lsn.map(l -> ", last checkpoint " + l).orElse("");
    }

    /** Settings a standby must have at least as high as its primary's, and those a pair must share. */
    static final String SETTINGS = "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings"
            + " WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders',"
            + " 'max_prepared_transactions', 'max_locks_per_transaction', 'wal_level', 'wal_log_hints',"
            + " 'data_checksums', 'listen_addresses', 'port', 'server_version_num')";
    static final String HBA = "SELECT coalesce(string_agg(concat_ws(' ', type, array_to_string(database, ','),"
            + " array_to_string(user_name, ','), address, netmask, auth_method), '; ' ORDER BY line_number), '')"
            + " FROM pg_hba_file_rules WHERE error IS NULL";
    static final String QUERY = "SELECT pg_is_in_recovery(),"
            + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END,"
            + " coalesce(pg_last_wal_receive_lsn()::text, ''),"
            + " coalesce((SELECT string_agg(application_name || ' ' || state || ' ' || coalesce(replay_lsn::text, '0/0'),"
            + " ', ') FROM pg_stat_replication), ''), (" + SETTINGS + ") || ' hba: ' || (" + HBA + ")";

    /** The job: asks the host; changes nothing. */
    public static Rollout.HostJob<DbNode> inspect() {
        return DbNode::inspect;
    }

    static DbNode inspect(HostSteps steps) throws IOException, SshException, InterruptedException {
        Cluster cluster = Cluster.of(steps);
        boolean fenced = !steps.check(List.of("cat", cluster.startConf()), "reading " + cluster.startConf())
                .stdoutText().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst().orElse("").equals("auto");
        if (cluster.online()) {
            CommandResult answer = steps.run(Cluster.query(QUERY));
            String[] f = answer.stdoutText().strip().split("\\|", -1);
            if (answer.exitStatus() != 0 || f.length != 5) {
                throw new IOException("PostgreSQL runs but did not answer: " + answer.stderrText().strip());
            }
            List<String> streams = f[3].isEmpty() ? List.of() : List.of(f[3].split(", "));
            return new DbNode(steps.host(), true, f[0].equals("t"), fenced, Optional.of(Lsn.parse(f[1])),
                    f[2].isEmpty() ? Optional.empty() : Optional.of(Lsn.parse(f[2])), false, streams, f[4], "");
        }
        boolean standby = steps.run(List.of("test", "-e", cluster.dataDir() + "/standby.signal")).exitStatus() == 0;
        String control = steps.check(List.of(cluster.binary("pg_controldata"), cluster.dataDir()),
                "pg_controldata").stdoutText();
        return new DbNode(steps.host(), false, standby, fenced, controlField(control, "Latest checkpoint location")
                .map(Lsn::parse), Optional.empty(), controlField(control, "Database cluster state")
                .filter(s -> s.startsWith("shut down")).isPresent(), List.of(), "", "");
    }

    private static Optional<String> controlField(String control, String name) {
        return control.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst();
    }

    /** The settings on which two hosts differ, as {@code NAME: A vs B}; empty when they match. */
    static List<String> differences(DbNode a, DbNode b) {
        List<String> differ = new ArrayList<>();
        String[] aParts = a.settings.split(" hba: ", 2);
        String[] bParts = b.settings.split(" hba: ", 2);
        List<String> aSettings = List.of(aParts[0].split(" "));
        List<String> bSettings = List.of(bParts[0].split(" "));
        for (String setting : aSettings) {
            if (!bSettings.contains(setting)) {
                String name = setting.substring(0, setting.indexOf('=') + 1);
                differ.add(setting + " on " + a.host.name() + ", " + bSettings.stream().filter(s -> s.startsWith(name))
                        .findFirst().orElse(name + "(unset)") + " on " + b.host.name());
            }
        }
        String aHba = aParts.length > 1 ? aParts[1] : "";
        String bHba = bParts.length > 1 ? bParts[1] : "";
        if (!aHba.equals(bHba)) {
            differ.add("pg_hba.conf rules differ: " + a.host.name() + " [" + aHba + "], " + b.host.name() + " [" + bHba
                    + "]");
        }
        return differ;
    }
}
