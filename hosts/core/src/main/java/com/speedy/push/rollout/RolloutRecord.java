package com.speedy.push.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of a command that changed hosts, as its log folder keeps it: the folder's name ({@code yyyyMMdd-HHmmss-
 * COMMAND}) says when it started and what ran; {@value #FILE} holds one line per summary printed, with each host's
 * result. {@code push dashboard} reads the last runs from there.
 */
public record RolloutRecord(String run, String command, Instant started, Instant finished, List<Host> hosts) {
    /** The file in a run's log folder: one JSON object per summary, each on one line. */
    public static final String FILE = "results.jsonl";
    private static final Pattern RUN = Pattern.compile("(\\d{8}-\\d{6})-(.+)");
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One host's result: its outcome in lower case, the summary's detail, its log's file name. */
    public record Host(String host, String outcome, String detail, String log) {}

    /** One summary's line in {@value #FILE}; {@code finished} in milliseconds since the epoch. */
    private record Line(long finished, List<Host> hosts) {}

    public RolloutRecord {
        hosts = List.copyOf(hosts);
    }

    /** A new run's log folder under {@code logRoot}: its start time and command, as {@link #last} reads them back. */
    public static HostLogs newRun(Path logRoot, String command, LocalDateTime started) {
        return new HostLogs(logRoot.resolve(started.format(STARTED) + "-" + command));
    }

    /** Adds one summary's results to the run's folder {@code dir}, creating it if no host had logged yet. */
    public static void append(Path dir, List<HostResult> results, Instant finished) throws IOException {
        List<Host> hosts = results.stream().map(r -> new Host(r.host().name().toString(),
                r.outcome().name().toLowerCase(), r.detail(), r.log() == null ? "" : r.log().getFileName().toString()))
                .toList();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(new Line(finished.toEpochMilli(), hosts)) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The last {@code count} runs under {@code logRoot} that recorded results, newest first. */
    public static List<RolloutRecord> last(Path logRoot, int count) throws IOException {
        if (!Files.isDirectory(logRoot)) {
            return List.of();
        }
        List<RolloutRecord> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(logRoot)) {
            for (Path dir : dirs.sorted(Comparator.reverseOrder()).toList()) {
                if (runs.size() == count) {
                    break;
                }
                read(dir).ifPresent(runs::add);
            }
        }
        return runs;
    }

    /** The run in {@code dir}; empty when the folder is not a run's or recorded no results (killed before its end). */
    static Optional<RolloutRecord> read(Path dir) throws IOException {
        Matcher name = RUN.matcher(dir.getFileName().toString());
        Path file = dir.resolve(FILE);
        if (!name.matches() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Instant started;
        try {
            started = LocalDateTime.parse(name.group(1), STARTED).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        List<Host> hosts = new ArrayList<>();
        Instant finished = started;
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                Line line = JSON.readValue(text, Line.class);
                hosts.addAll(line.hosts());
                finished = Instant.ofEpochMilli(line.finished());
            }
        } catch (IOException e) {
            // A line cut by a kill mid-write: the run shows what was whole before it.
            if (hosts.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new RolloutRecord(dir.getFileName().toString(), name.group(2), started, finished, hosts));
    }
}
