package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code push db replica} found on both hosts before changing anything, and what it will do with HOST's data
 * directory, or why it refuses. Every precondition is a {@link Check}; one that failed refuses the whole command.
 *
 * @param action what happens to HOST's data directory when nothing refuses
 */
public record ReplicaPlan(List<Check> checks, DataAction action) {
    public ReplicaPlan {
        checks = List.copyOf(checks);
    }

    /** One precondition and its verdict, in words that name the host. */
    public record Check(boolean passed, String text) {}

    /** What becomes of HOST's data directory before pg_basebackup fills it. */
    public enum DataAction {
        /** It holds nothing of anyone's (or push's own unfinished copy): emptied. */
        EMPTY,
        /** {@code --discard-data}: renamed aside, never deleted. */
        MOVE_ASIDE
    }

    /** The role HOST's cluster has now. */
    public enum Role { STOPPED, STANDBY, PRIMARY, UNKNOWN }

    /**
     * What the primary-to-be showed.
     *
     * @param problem why it could not be asked ("" when it was)
     * @param replicationPassword the password its passfile already holds for the replication role, if any
     */
    public record PrimaryFacts(Host host, String problem, Optional<DbNode> node, String version, String hba,
                               Optional<String> replicationPassword) {
        public static PrimaryFacts failed(Host host, String why) {
            return new PrimaryFacts(host, why, Optional.empty(), "", "", Optional.empty());
        }

        @Override
        public String toString() {
            return "PrimaryFacts[" + host.name() + (problem.isEmpty() ? "" : ", " + problem) + "]";
        }
    }

    /**
     * What the host to become a standby showed.
     *
     * @param problem why it could not be asked ("" when it was)
     * @param roleDetail why the role is {@link Role#UNKNOWN}, or the role in words
     * @param unit its cluster's systemd unit
     * @param basebackup whether its pg_basebackup for the cluster's version is installed
     */
    public record StandbyFacts(Host host, String problem, String version, Role role, String roleDetail, String unit,
                               Optional<DataDirectory> data, boolean basebackup) {
        public static StandbyFacts failed(Host host, String why) {
            return new StandbyFacts(host, why, "", Role.UNKNOWN, "", "", Optional.empty(), false);
        }
    }

    public boolean refused() {
        return checks.stream().anyMatch(c -> !c.passed());
    }

    /** The verdicts, and the command that rebuilds HOST anyway where its data is what stands in the way. */
    public static ReplicaPlan decide(PrimaryFacts primary, StandbyFacts standby, boolean discardData) {
        String p = primary.host().name().toString();
        String s = standby.host().name().toString();
        String discard = "push db replica " + s + " --from " + p + " --discard-data";
        List<Check> checks = new ArrayList<>();
        DataAction action = DataAction.EMPTY;
        if (!primary.problem().isEmpty()) {
            checks.add(new Check(false, p + " could not be asked: " + primary.problem()));
        } else {
            DbNode node = primary.node().orElseThrow();
            if (node.runningPrimary()) {
                checks.add(new Check(true, p + " is a running primary (" + node.describe() + ")"));
            } else {
                checks.add(new Check(false, p + " is not a running primary: " + node.describe() + "; --from must name"
                        + " the pair's running primary (push db status shows it)"));
            }
            for (String bad : List.of("wal_level=minimal", "max_wal_senders=0")) {
                if (List.of(node.settings().split(" ")).contains(bad)) {
                    checks.add(new Check(false, p + " has " + bad + ": no standby can stream from it"));
                }
            }
        }
        if (!standby.problem().isEmpty()) {
            checks.add(new Check(false, s + " could not be asked: " + standby.problem()));
            return new ReplicaPlan(checks, action);
        }
        switch (standby.role()) {
            case PRIMARY -> checks.add(new Check(false, s + " runs as a primary (not in recovery): a running primary is"
                    + " never replaced, with or without --discard-data; if it really is to be rebuilt, stop it first"
                    + " (systemctl stop " + standby.unit() + " on " + s + ") and run the command again"));
            case UNKNOWN -> checks.add(new Check(false, "cannot tell whether " + s + " runs as a primary: "
                    + standby.roleDetail()));
            default -> checks.add(new Check(true, s + " does not run as a primary (" + standby.roleDetail() + ")"));
        }
        if (primary.problem().isEmpty() && !standby.version().equals(primary.version())) {
            checks.add(new Check(false, s + "'s cluster is PostgreSQL " + standby.version() + ", " + p + "'s is "
                    + primary.version() + ": a standby must run the primary's major version"));
        }
        if (!standby.basebackup()) {
            checks.add(new Check(false, s + " has no pg_basebackup for PostgreSQL " + standby.version()));
        }
        DataDirectory data = standby.data().orElseThrow();
        switch (data.kind()) {
            case NOTHING -> checks.add(new Check(true, s + " holds no data of its own: " + data.detail()
                    + "; it is emptied and cloned"));
            case UNFINISHED_CLONE -> checks.add(new Check(true, s + "'s " + data.path() + " is " + data.detail()
                    + "; it is emptied and cloned again"));
            case OWN_DATA, UNKNOWN -> {
                String what = data.kind() == DataDirectory.Kind.OWN_DATA
                        ? s + " holds data of its own: " + data.detail()
                        : "cannot tell whether " + s + " holds data: " + data.detail();
                if (discardData) {
                    action = DataAction.MOVE_ASIDE;
                    checks.add(new Check(true, what + "; --discard-data: " + data.path() + " is moved aside (renamed,"
                            + " not deleted) and cloned"));
                } else {
                    checks.add(new Check(false, what + ". To keep it, choose another host; to rebuild " + s + " as a"
                            + " standby of " + p + " anyway, with " + data.path() + " moved aside (renamed, not"
                            + " deleted): " + discard));
                }
            }
            default -> throw new IllegalStateException(data.kind().name());
        }
        return new ReplicaPlan(checks, action);
    }
}
