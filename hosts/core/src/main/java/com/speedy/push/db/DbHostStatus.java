package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import java.util.List;
import java.util.Optional;

/**
 * {@code push db status} of one database host: its role, timeline, the standbys streaming from it (primary) or how far
 * behind it replays (standby); or why it could not be asked.
 *
 * @param replication a primary's standbys as {@code NAME STATE LAG}, comma-separated; a standby's replay delay
 * @param receiver a standby's WAL receiver as {@code STATUS SENDER-HOST}; empty when it has none (or on a primary)
 * @param streaming the application names of a primary's standbys in state {@code streaming}
 */
public record DbHostStatus(Host host, String role, String timeline, String replication, String receiver,
                           List<String> streaming, String error) {
    public static final String PRIMARY = "primary";
    public static final String STANDBY = "standby";

    public DbHostStatus {
        streaming = List.copyOf(streaming);
    }

    /** A host that could not be asked. */
    public static DbHostStatus unanswered(Host host, String why) {
        return new DbHostStatus(host, "", "", "", "", List.of(), why);
    }

    public boolean answered() {
        return error.isEmpty();
    }

    /** A standby's WAL receiver state ({@code streaming}, {@code waiting}...), if it has a receiver. */
    public Optional<String> receiverStatus() {
        return receiver.isEmpty() ? Optional.empty() : Optional.of(receiver.split(" ", 2)[0]);
    }

    /** The host a standby's WAL receiver is connected to (as primary_conninfo names it). */
    public Optional<String> receiverSender() {
        String[] parts = receiver.split(" ", 2);
        return parts.length == 2 && !parts[1].isEmpty() ? Optional.of(parts[1]) : Optional.empty();
    }

    /** One query, as the postgres superuser over its local socket: the same answer psql would give on the host. */
    static final String QUERY = "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END,"
            // A promotion does not wait for a checkpoint: the control file's timeline lags; the WAL's does not.
            + " CASE WHEN pg_is_in_recovery() THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver),"
            + "  (SELECT timeline_id FROM pg_control_checkpoint()))"
            + "  ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,"
            + " CASE WHEN pg_is_in_recovery()"
            + "  THEN coalesce('replay delay ' || round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))"
            + "   || ' s', 'nothing replayed yet')"
            + "  ELSE coalesce((SELECT string_agg(application_name || ' ' || state || ' '"
            + "   || coalesce(replay_lag::text, '0'), ', ') FROM pg_stat_replication), 'no standby') END,"
            // Whether a standby receives WAL now, and from whom: replay delay alone cannot tell a stalled receiver.
            + " coalesce((SELECT status || ' ' || coalesce(sender_host, '') FROM pg_stat_wal_receiver), ''),"
            + " coalesce((SELECT string_agg(application_name, ',') FROM pg_stat_replication"
            + "  WHERE state = 'streaming'), '')";

    /** The job: asks PostgreSQL on the host; changes nothing. */
    public static Rollout.HostJob<DbHostStatus> job() {
        return steps -> {
            CommandResult result = steps.run(List.of("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-F", "|",
                    "-d", "postgres", "-c", QUERY));
            String[] fields = result.stdoutText().strip().split("\\|", -1);
            if (result.exitStatus() != 0 || fields.length != 5) {
                // The last line says why (the first may be runuser's complaint about the working directory).
                String why = result.stderrText().strip();
                return unanswered(steps.host(), "PostgreSQL did not answer: "
                        + (why.isEmpty() ? "exit " + result.exitStatus() : why.substring(why.lastIndexOf('\n') + 1)));
            }
            return new DbHostStatus(steps.host(), fields[0], fields[1], fields[2], fields[3].strip(),
                    fields[4].isEmpty() ? List.of() : List.of(fields[4].split(",")), "");
        };
    }
}
