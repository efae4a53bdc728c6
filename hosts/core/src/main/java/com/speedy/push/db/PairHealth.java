package com.speedy.push.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the database hosts form a working pair, from what each answered: exactly one primary, and every other host
 * a standby whose WAL receiver streams from that primary, which lists it among its streaming standbys. One host alone
 * is healthy with no standby. A host that could not be asked is a reason, never a pass.
 *
 * @param reasons why the pair is broken, one per problem, each naming the host; empty when healthy
 */
public record PairHealth(List<String> reasons) {
    public PairHealth {
        reasons = List.copyOf(reasons);
    }

    public boolean healthy() {
        return reasons.isEmpty();
    }

    /** The line under the status table. */
    public String line() {
        return healthy() ? "pair: healthy" : "pair: BROKEN: " + String.join("; ", reasons);
    }

    // The reasons avoid the word "streaming" itself: scripts (and tests) look for "NAME streaming" in the table.
    public static PairHealth of(List<DbHostStatus> hosts) {
        List<String> reasons = new ArrayList<>();
        List<DbHostStatus> answered = new ArrayList<>();
        for (DbHostStatus s : hosts) {
            if (s.answered()) {
                answered.add(s);
            } else {
                reasons.add(s.host().name() + " could not be asked (" + s.error() + ")");
            }
        }
        List<DbHostStatus> primaries = answered.stream().filter(s -> s.role().equals(DbHostStatus.PRIMARY)).toList();
        if (primaries.size() > 1) {
            reasons.add("two primaries: " + String.join(" and ", primaries.stream()
                    .map(s -> s.host().name().toString()).toList()) + " both accept writes");
        } else if (primaries.isEmpty() && !answered.isEmpty()) {
            reasons.add("no primary among " + String.join(", ", hosts.stream().map(s -> s.host().name().toString())
                    .toList()));
        } else if (primaries.size() == 1) {
            DbHostStatus primary = primaries.get(0);
            String p = primary.host().name().toString();
            for (DbHostStatus standby : answered) {
                if (standby != primary) {
                    reasons.addAll(standbyProblems(standby, primary));
                }
            }
            if (hosts.size() > 1 && primary.streaming().isEmpty()) {
                reasons.add(p + " (primary) has no standby attached");
            }
        }
        return new PairHealth(reasons);
    }

    private static List<String> standbyProblems(DbHostStatus standby, DbHostStatus primary) {
        String s = standby.host().name().toString();
        String p = primary.host().name().toString();
        List<String> problems = new ArrayList<>();
        if (standby.receiverStatus().isEmpty()) {
            problems.add(s + " (standby) has no WAL receiver: it receives nothing from " + p);
        } else if (!standby.receiverStatus().get().equals("streaming")) {
            problems.add(s + "'s WAL receiver is " + standby.receiverStatus().get() + ", not receiving from " + p);
        } else if (!standby.receiverSender().map(primary.host().address()::equals).orElse(false)
                && !standby.receiverSender().map(p::equals).orElse(false)) {
            problems.add(s + " receives WAL from " + standby.receiverSender().orElse("an unknown host") + ", not from "
                    + p + " (" + primary.host().address() + ")");
        }
        if (!primary.streaming().isEmpty() && !primary.streaming().contains(s)) {
            problems.add(p + " (primary) does not list " + s + " among its standbys");
        }
        return problems;
    }
}
