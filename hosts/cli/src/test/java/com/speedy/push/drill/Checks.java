package com.speedy.push.drill;

import com.speedy.push.Writer;
import com.speedy.testbed.TestbedHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The invariants, checked over one run's history: the writer's operations and the sampler's observations. */
final class Checks {
    /** Two samples of a host further apart than this say nothing about the time between them. */
    private static final Duration SAMPLE_GAP = Duration.ofMillis(1_500);

    private final Plan plan;
    private final String step;
    private final String excerpt;

    Checks(Plan plan, String step, String excerpt) {
        this.plan = plan;
        this.step = step;
        this.excerpt = excerpt;
    }

    /** Every write acknowledged between {@code from} and {@code to} is stored on {@code primary}. */
    Optional<Violation> acknowledgedWritesOn(TestbedHost primary, List<Writer.Op> ops, Instant from, Instant to) {
        List<Writer.Op> acknowledged = ops.stream().filter(o -> o.acknowledged() && !o.end().isBefore(from)
                && !o.end().isAfter(to)).toList();
        Set<String> stored = new HashSet<>(PairState.query(primary, "SELECT body FROM posts WHERE author = 'writer'")
                .orElse("").lines().toList());
        List<Writer.Op> lost = acknowledged.stream().filter(o -> !stored.contains(o.body())).toList();
        if (lost.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(Violation.Invariant.ACKNOWLEDGED_WRITE_LOST, plan, step, lost.size() + " of "
                + acknowledged.size() + " acknowledged writes are not on the final primary " + primary.name()
                + "; the first: " + lost.stream().limit(5).map(o -> o.body() + " via " + o.app().name() + " ended "
                + o.end()).toList(), excerpt));
    }

    /**
     * No data directory that held a database at the command's start loses it, or gets it anew (a directory emptied and
     * cloned again has a new inode): two samples in a row must show it, so that one odd sample is not a finding.
     */
    List<Violation> dataDirectories(Map<String, Map<String, String>> held, List<Sampler.Sample> samples, Instant from,
                                    Instant to) {
        List<Violation> found = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> db : held.entrySet()) {
            Map<String, String> before = db.getValue();
            if (before.isEmpty()) {
                continue;
            }
            Sampler.Sample previous = null;
            for (Sampler.Sample s : samples) {
                if (!s.host().equals(db.getKey()) || s.at().isBefore(from) || s.at().isAfter(to)
                        || s.role() == Sampler.Role.UNREACHABLE) {
                    continue;
                }
                if (differs(before, s) && previous != null && previous.at().plus(SAMPLE_GAP).isAfter(s.at())
                        && differs(before, previous)) {
                    found.add(new Violation(Violation.Invariant.DATA_DIRECTORY_EMPTIED, plan, step, db.getKey()
                            + " held databases " + before + " (OID=inode) at the command's start; at " + s.at()
                            + " it had " + s.databases() + ": its data directory was emptied"
                            + (s.databases().keySet().containsAll(before.keySet()) ? " and cloned again" : ""),
                            excerpt));
                    break;
                }
                previous = s;
            }
        }
        return found;
    }

    private static boolean differs(Map<String, String> held, Sampler.Sample sample) {
        return held.entrySet().stream().anyMatch(e -> !e.getValue().equals(sample.databases().get(e.getKey())));
    }

    /**
     * Never two hosts accepting writes at once while {@code db} points at either: a host counts as a primary from one
     * sample saying so to the next one saying so (no gap), and two such spans overlapping is a split brain.
     */
    List<Violation> twoPrimaries(List<Sampler.Sample> samples, Instant from, Instant to,
                                 Map<String, String> dbAddresses, List<String> apps) {
        List<Span> spans = new ArrayList<>();
        for (String db : dbAddresses.keySet()) {
            Sampler.Sample previous = null;
            for (Sampler.Sample s : samples) {
                if (!s.host().equals(db) || s.at().isBefore(from) || s.at().isAfter(to)) {
                    continue;
                }
                if (previous != null && previous.role() == Sampler.Role.PRIMARY && s.role() == Sampler.Role.PRIMARY
                        && previous.at().plus(SAMPLE_GAP).isAfter(s.at())) {
                    spans.add(new Span(db, previous.at(), s.at()));
                }
                previous = s;
            }
        }
        for (Span a : spans) {
            for (Span b : spans) {
                if (a.host.compareTo(b.host) < 0 && a.overlaps(b)) {
                    Instant at = a.from.isAfter(b.from) ? a.from : b.from;
                    Set<String> addresses = Set.of(dbAddresses.get(a.host), dbAddresses.get(b.host));
                    List<String> pointing = apps.stream().filter(app -> addresses.contains(aliasAt(samples, app, at)))
                            .map(app -> app + " -> " + aliasAt(samples, app, at)).toList();
                    if (!pointing.isEmpty()) {
                        return List.of(new Violation(Violation.Invariant.TWO_WRITABLE_PRIMARIES, plan, step,
                                a.host + " and " + b.host + " both accepted writes (pg_is_in_recovery false in"
                                        + " consecutive samples) at " + at + ", while db pointed " + pointing,
                                excerpt));
                    }
                }
            }
        }
        return List.of();
    }

    private record Span(String host, Instant from, Instant to) {
        boolean overlaps(Span other) {
            return from.isBefore(other.to) && other.from.isBefore(to);
        }
    }

    /** Where {@code db} pointed on a host at a moment: its last sample before it. */
    private static String aliasAt(List<Sampler.Sample> samples, String host, Instant at) {
        String db = "?";
        for (Sampler.Sample s : samples) {
            if (s.host().equals(host) && !s.at().isAfter(at) && s.role() != Sampler.Role.UNREACHABLE) {
                db = s.db();
            }
        }
        return db;
    }
}
