package com.speedy.push.drill;

import com.speedy.push.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A drill's history, Jepsen-style: what the drill did (faults, push's output lines, recovery) as timestamped events,
 * beside the writer's client operations and the sampler's observations, rendered together for a time window.
 */
public final class History {
    /** Something the drill did or push printed. */
    public record Event(Instant at, String source, String text) {}

    private final Instant origin = Instant.now();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    public void record(String source, String text) {
        events.add(new Event(Instant.now(), source, text));
    }

    public List<Event> events(Instant from, Instant to) {
        return events.stream().filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to)).toList();
    }

    /**
     * The window as lines, oldest first, each with its seconds since the drill started: events, the sampler's changes
     * of state per host, and the writer's operations counted per second and app by how they ended (acknowledged, an
     * HTTP status, or the I/O error).
     */
    public String excerpt(Instant from, Instant to, List<Sampler.Sample> samples, List<Writer.Op> ops, int maxLines) {
        record Line(Instant at, String text) {}
        List<Line> lines = new ArrayList<>();
        events(from, to).forEach(e -> lines.add(new Line(e.at(), e.source() + ": " + e.text())));
        Map<String, Sampler.Sample> last = new TreeMap<>();
        for (Sampler.Sample s : samples) {
            Sampler.Sample before = last.put(s.host(), s);
            if (!s.at().isBefore(from) && !s.at().isAfter(to) && (before == null || !before.sameState(s))) {
                lines.add(new Line(s.at(), "sample: " + s.describe()));
            }
        }
        Map<String, Map<String, Integer>> perSecond = new TreeMap<>();
        Map<String, Instant> secondStart = new TreeMap<>();
        for (Writer.Op op : ops) {
            if (op.end().isBefore(from) || op.end().isAfter(to)) {
                continue;
            }
            long second = Duration.between(origin, op.end()).toSeconds();
            String key = String.format("%06d %s", second, op.app().name());
            String outcome = op.status() == 0 ? op.error() : op.acknowledged() ? "acknowledged" : "HTTP " + op.status();
            perSecond.computeIfAbsent(key, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            secondStart.putIfAbsent(key, origin.plusSeconds(second));
        }
        perSecond.forEach((key, counts) -> lines.add(new Line(secondStart.get(key), "writes via "
                + key.substring(7) + " in this second: " + counts)));
        lines.sort(Comparator.comparing(Line::at));
        StringBuilder out = new StringBuilder();
        int skip = Math.max(0, lines.size() - maxLines);
        if (skip > 0) {
            out.append("      (").append(skip).append(" earlier lines left out)\n");
        }
        for (Line line : lines.subList(skip, lines.size())) {
            out.append(String.format("    %8.2f  %s%n", Duration.between(origin, line.at()).toMillis() / 1000.0,
                    line.text()));
        }
        return out.toString();
    }
}
