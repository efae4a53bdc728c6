package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether {@code db} may point at a host: only at the one running primary of the database group. Every host of the
 * group is asked first; one that cannot be asked makes the answer unknown, and unknown is a refusal (fail closed).
 *
 * @param allowed whether db may point there
 * @param reason one line naming the host: why it may, or why not
 */
public record AliasTarget(boolean allowed, String reason) {
    /** Asks every host of the group (read-only), then judges. */
    public static AliasTarget check(Rollout rollout, Host target, List<Host> group) throws InterruptedException {
        if (!group.contains(target)) {
            return judge(target, group, List.of());
        }
        List<DbNode> nodes = rollout.run(group, new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
                Integer.MAX_VALUE, false), DbNode.inspect(), (host, outcome, why, log) -> DbNode.unreachable(host,
                why), n -> false);
        return judge(target, group, nodes);
    }

    /** The verdict from what the group's hosts answered ({@code nodes}: one per host of {@code group}). */
    static AliasTarget judge(Host target, List<Host> group, List<DbNode> nodes) {
        String name = target.name().toString();
        if (!group.contains(target)) {
            return refused(name + " is not a host of the group db: db must name the group's running primary");
        }
        List<DbNode> unasked = nodes.stream().filter(n -> !n.reachable()).toList();
        if (!unasked.isEmpty()) {
            return refused("could not ask " + unasked.stream().map(DbNode::describe).collect(Collectors.joining(", "))
                    + ": whether " + name + " is the only running primary is unknown");
        }
        List<DbNode> primaries = nodes.stream().filter(DbNode::runningPrimary).toList();
        if (primaries.size() > 1) {
            return refused("two writable primaries: " + primaries.stream().map(n -> n.host().name().toString())
                    .collect(Collectors.joining(" and ")) + " both run as primaries; fence all but one (see push db"
                    + " status) before pointing db anywhere");
        }
        DbNode node = nodes.stream().filter(n -> n.host().equals(target)).findFirst()
                .orElse(DbNode.unreachable(target, "not asked"));
        if (node.runningPrimary()) {
            return new AliasTarget(true, name + " is the group db's only running primary");
        }
        String primary = primaries.isEmpty() ? "the group db has no running primary"
                : "db must point at the running primary: push db alias set " + primaries.get(0).host().name();
        return refused(node.runningStandby() ? name + " runs as a standby (read-only); " + primary
                : name + " is not running as a primary (" + node.describe() + "); " + primary);
    }

    private static AliasTarget refused(String reason) {
        return new AliasTarget(false, reason);
    }

    /**
     * Why {@code standby} may not be db-ro beside {@code primary}: it is not in the db group, or {@code primary} (asked
     * now) does not see it streaming; empty when it may. A primary that cannot be asked is a refusal.
     */
    public static Optional<String> streamingStandby(Rollout rollout, Host primary, Host standby, List<Host> group)
            throws InterruptedException {
        if (!group.contains(standby)) {
            return Optional.of(standby.name() + " is not in the group " + DbGroup.NAME);
        }
        DbNode node = rollout.run(List.of(primary), new RolloutOptions(1, 0, 0, false), DbNode.inspect(),
                (host, outcome, why, log) -> DbNode.unreachable(host, why), n -> false).get(0);
        return node.streamsTo(standby.name().toString()) ? Optional.empty()
                : Optional.of(standby.name() + " does not stream from " + primary.name() + " (" + node.describe()
                        + ")");
    }
}
