package com.speedy.push.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.db.DbGroup;
import com.speedy.push.backup.BackupTopology;
import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.DbHostStatus;
import com.speedy.push.db.HostsFile;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostStatus;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.rollout.RolloutRecord;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code push dashboard}: one read-only page of the fleet, served by the JDK's HTTP server. Every refresh, each host is
 * asked on its own ({@link StatusCommand#collect}, what {@code push status --json} shows), so a host that does not
 * answer delays no other; the database pair is asked as {@code push db status} asks it ({@link DbStatusCommand.Report}).
 * The page ({@code dashboard.html}, with its styles and script inline) reads {@code /fleet.json}.
 */
final class Dashboard implements AutoCloseable {
    /** How many replication-lag samples the chart keeps per standby (an hour at the default refresh). */
    static final int LAG_SAMPLES = 360;
    private static final int ROLLOUTS = 10;
    private static final Pattern LAG = Pattern.compile("replay delay (\\d+) s");
    private static final Pattern LOG = Pattern.compile("/logs/(\\d{8}-\\d{6}-[a-z0-9-]+)/([A-Za-z0-9._-]+\\.log)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** The key under which the database hosts are asked (no host name has a space). */
    private static final String DB = " db";
    private static final String BACKUP = " backup";
    private static final RolloutOptions ONE_AT_A_TIME = new RolloutOptions(1, 0, Integer.MAX_VALUE, false);

    private final Inventory inventory;
    private final Path logRoot;
    private final Duration refresh;
    private final HttpServer server;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon("tick"));
    private final ExecutorService askers = Executors.newCachedThreadPool(daemon("ask"));
    private final Map<String, Map<String, Object>> hostRows = new ConcurrentHashMap<>();
    private final Map<String, Boolean> asking = new ConcurrentHashMap<>();
    private final Deque<Map<String, Object>> lag = new ArrayDeque<>();
    private final Map<String, HostAnswer> aliases = new ConcurrentHashMap<>();
    private volatile List<DbHostStatus> dbStatuses;
    private volatile long dbAskedAt;
    private volatile String dbError;
    /** push backup status --json, or why it could not be asked; null where the inventory has no backup section. */
    private volatile Map<String, Object> backup;
    /** The last runs in the log folder, read once a refresh (the page asks more often). */
    private volatile List<Map<String, Object>> rollouts = List.of();
    private volatile String rolloutsError;

    private Dashboard(Inventory inventory, Path logRoot, Duration refresh, HttpServer server) {
        this.inventory = inventory;
        this.logRoot = logRoot;
        this.refresh = refresh;
        this.server = server;
    }

    /** Binds {@code address:port} (port 0: any free one), starts asking the hosts, and serves the page. */
    static Dashboard start(Inventory inventory, Path logRoot, Duration refresh, String address, int port)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        Dashboard dashboard = new Dashboard(inventory, logRoot, refresh, server);
        server.createContext("/", dashboard::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, daemon("http")));
        for (Host host : inventory.hosts()) {
            dashboard.hostRows.put(host.name().toString(), waiting(host));
        }
        server.start();
        dashboard.ticks.scheduleWithFixedDelay(dashboard::askAll, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return dashboard;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ticks.shutdownNow();
        askers.shutdownNow();
    }

    /** One host's answers in one SSH session: what push status asks, and where its db and db-ro point. */
    private record HostAnswer(HostStatus status, HostResult db, HostResult dbRo) {}

    /** Starts asking every host not still being asked, and the database hosts, each on its own. */
    private void askAll() {
        Rollout.HostJob<HostStatus> status = StatusCommand.job(inventory.hosts());
        Rollout.HostJob<HostAnswer> job = steps -> new HostAnswer(status.run(steps), DbAliasJobs.show().run(steps),
                DbAliasJobs.show(HostsFile.READ_ONLY_ALIAS).run(steps));
        for (Host host : inventory.hosts()) {
            ask(host.name().toString(), () -> {
                HostAnswer answer = Sessions.quiet(inventory, "dashboard").run(List.of(host), ONE_AT_A_TIME, job,
                        (h, outcome, why, log) -> {
                            HostResult failed = new HostResult(h, outcome, why, List.of(), log);
                            return new HostAnswer(StatusCommand.unanswered(h, outcome, why, log), failed, failed);
                        }, a -> !a.status().error().isEmpty()).get(0);
                Map<String, Object> row = JSON.convertValue(StatusCommand.JsonRow.of(answer.status()), MAP);
                row.put("askedAt", System.currentTimeMillis());
                hostRows.put(host.name().toString(), row);
                aliases.put(host.name().toString(), answer);
            });
        }
        if (inventory.backup().isPresent()) {
            ask(BACKUP, () -> {
                Map<String, Object> json = new LinkedHashMap<>(BackupStatusCommand.json(BackupStatusCommand.ask(
                        inventory, BackupTopology.of(inventory))));
                json.put("askedAt", System.currentTimeMillis());
                backup = json;
            });
        }
        readRollouts();
        List<Host> dbHosts = DbGroup.members(inventory);
        if (!dbHosts.isEmpty()) {
            ask(DB, () -> {
                List<DbHostStatus> statuses = DbStatusCommand.Report.ask(inventory, dbHosts);
                dbStatuses = statuses;
                dbAskedAt = System.currentTimeMillis();
                sampleLag(statuses);
            });
        }
    }

    /** The last runs in the log folder, once a refresh; a folder that cannot be read is said on the page. */
    private void readRollouts() {
        try {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (RolloutRecord r : RolloutRecord.last(logRoot, ROLLOUTS)) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("run", r.run());
                run.put("command", r.command());
                run.put("started", r.started().toEpochMilli());
                run.put("seconds", Duration.between(r.started(), r.finished()).toMillis() / 1000.0);
                run.put("hosts", r.hosts());
                runs.add(run);
            }
            rollouts = List.copyOf(runs);
            rolloutsError = null;
        } catch (IOException e) {
            rolloutsError = "cannot read " + logRoot + ": " + e;
        }
    }

    private interface Question {
        void ask() throws Exception;
    }

    private void ask(String key, Question question) {
        if (asking.putIfAbsent(key, true) != null) {
            return;
        }
        askers.execute(() -> {
            try {
                question.ask();
                if (key.equals(DB)) {
                    dbError = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // A failure to ask is shown on the page as that, never as an old answer that looks fresh.
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("error", "could not ask: " + e);
                failed.put("askedAt", System.currentTimeMillis());
                if (key.equals(DB)) {
                    dbError = "could not ask: " + e;
                } else if (key.equals(BACKUP)) {
                    backup = failed;
                } else {
                    failed.put("host", key);
                    hostRows.put(key, failed);
                }
            } finally {
                asking.remove(key);
            }
        });
    }

    /** Each standby's replay delay now, kept for the chart. */
    private void sampleLag(List<DbHostStatus> statuses) {
        long now = System.currentTimeMillis();
        synchronized (lag) {
            for (DbHostStatus s : statuses) {
                Matcher m = LAG.matcher(s.replication());
                if (s.answered() && s.role().equals(DbHostStatus.STANDBY) && m.find()) {
                    lag.addLast(Map.of("t", now, "host", s.host().name().toString(),
                            "seconds", Long.parseLong(m.group(1))));
                }
            }
            while (lag.size() > LAG_SAMPLES * Math.max(1, statuses.size())) {
                lag.removeFirst();
            }
        }
    }

    /** What the page shows, as one JSON object. */
    Map<String, Object> snapshot() {
        Map<String, String> nameOf = new LinkedHashMap<>();
        inventory.hosts().forEach(h -> nameOf.put(h.address(), h.name().toString()));
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<HostResult> dbLookups = new ArrayList<>();
        List<HostResult> readLookups = new ArrayList<>();
        for (Host host : inventory.hosts()) {
            Map<String, Object> row = new LinkedHashMap<>(hostRows.get(host.name().toString()));
            row.put("groups", host.groups().stream().map(Object::toString).toList());
            row.put("asking", asking.containsKey(host.name().toString()));
            HostAnswer answer = aliases.get(host.name().toString());
            if (answer != null) {
                row.put("db", alias(answer.db(), nameOf));
                row.put("dbRo", alias(answer.dbRo(), nameOf));
                dbLookups.add(answer.db());
                readLookups.add(answer.dbRo());
            }
            hosts.add(row);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("inventory", inventory.file().toString());
        all.put("refreshSeconds", refresh.toSeconds());
        all.put("now", System.currentTimeMillis());
        all.put("hosts", hosts);
        List<DbHostStatus> statuses = dbStatuses;
        if (dbError != null) {
            all.put("db", Map.of("error", dbError));
        } else if (statuses != null) {
            Map<String, Object> db = new LinkedHashMap<>(DbStatusCommand.Report.of(statuses, dbLookups, readLookups)
                    .json());
            db.put("askedAt", dbAskedAt);
            all.put("db", db);
        }
        all.put("backup", backup);
        synchronized (lag) {
            all.put("lag", List.copyOf(lag));
        }
        all.put("rollouts", rollouts);
        all.put("rolloutsError", rolloutsError);
        return all;
    }

    /** Where a host's {@code db} (or db-ro) points, by inventory name where the address is a host's. */
    private static Map<String, Object> alias(HostResult lookup, Map<String, String> nameOf) {
        Map<String, Object> alias = new LinkedHashMap<>();
        if (lookup.outcome() != HostResult.Outcome.OK) {
            alias.put("error", lookup.outcome().name().toLowerCase() + ": " + lookup.detail());
        } else {
            alias.put("address", lookup.detail());
            alias.put("host", nameOf.getOrDefault(lookup.detail(), ""));
        }
        return alias;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain", "read-only: GET only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Matcher log = LOG.matcher(path);
            if (path.equals("/")) {
                try (InputStream page = Dashboard.class.getResourceAsStream("dashboard.html")) {
                    send(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
                }
            } else if (path.equals("/fleet.json")) {
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(snapshot()));
            } else if (log.matches()) {
                Path file = logRoot.resolve(log.group(1)).resolve(log.group(2));
                if (Files.isRegularFile(file)) {
                    send(exchange, 200, "text/plain; charset=utf-8", Files.readAllBytes(file));
                } else {
                    send(exchange, 404, "text/plain", ("no log " + URI.create(path) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } else {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("push dashboard: " + exchange.getRequestURI() + ": " + e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                        + "img-src 'self' data:");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, Object> waiting(Host host) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("host", host.name().toString());
        row.put("address", host.address());
        row.put("packages", List.of());
        return row;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, "dashboard-" + name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
