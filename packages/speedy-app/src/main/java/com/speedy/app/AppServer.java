package com.speedy.app;

import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DatabaseMonitor;
import com.speedy.runtime.database.ReadReplica;
import com.speedy.runtime.database.SchemaMigration;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The running API: HTTP server, database pool and its monitor, the pool for listings (db-ro, while it is fresh enough)
 * and the heartbeat that measures it. Closing it stops them all, the HTTP server first.
 */
public final class AppServer implements AutoCloseable {
    private static final Duration DATABASE_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** How often db-ro is asked how far behind it is, and how often this host writes its heartbeat. */
    private static final Duration READ_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final int HTTP_THREADS = 32;
    /** Requests held while the database cannot serve: the other threads stay free for /healthz and /metrics. */
    private static final int MAX_HELD = HTTP_THREADS - 8;
    private static final int STOP_GRACE_SECONDS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DatabaseMonitor monitor;
    private final Database database;
    private final Database readDatabase;
    private final ReadReplica readReplica;
    private final Heartbeat heartbeat;

    private AppServer(HttpServer server, ExecutorService executor, DatabaseMonitor monitor, Database database,
                      Database readDatabase, ReadReplica readReplica, Heartbeat heartbeat) {
        this.server = server;
        this.executor = executor;
        this.monitor = monitor;
        this.database = database;
        this.readDatabase = readDatabase;
        this.readReplica = readReplica;
        this.heartbeat = heartbeat;
    }

    /** Starts it all; {@code packageVersionFile} ({@link PackageVersion#INSTALLED} when installed) is read once. */
    public static AppServer start(AppSettings settings, String version, Path packageVersionFile) throws IOException {
        Database database = Database.open(settings.database(), "speedy-app");
        DatabaseMonitor monitor = new DatabaseMonitor(database,
                new SchemaMigration(database.dataSource(), "speedy-app"), DATABASE_CHECK_INTERVAL);
        Database readDatabase = Database.open(settings.database().withHost(settings.readHost()), "speedy-app-reads");
        ReadReplica readReplica = new ReadReplica(database, readDatabase, settings.readMaxLag(), READ_CHECK_INTERVAL,
                Clock.systemUTC());
        Heartbeat heartbeat = new Heartbeat(database.dataSource(), InetAddress.getLocalHost().getHostName(),
                READ_CHECK_INTERVAL);
        Maintenance maintenance = new Maintenance(settings.maintenanceFlag(), settings.maintenanceRetryAfter());
        Drain drain = new Drain(settings.drainFlag());
        InFlight inFlight = new InFlight();
        RequestMetrics metrics = new RequestMetrics(new LatencyWindow(System::nanoTime));

        HttpServer server = HttpServer.create(new InetSocketAddress(settings.listenAddress(), settings.listenPort()), 0);
        server.createContext("/healthz", new HealthHandler(version, monitor, maintenance, drain, inFlight,
                PackageVersion.read(packageVersionFile)));
        server.createContext("/metrics", new MetricsHandler(metrics, new NotificationTable(database.dataSource())));
        HttpContext api = server.createContext("/", new ApiHandler(new PostStore(database.dataSource(),
                () -> readReplica.forReads().dataSource()), monitor,
                new DatabaseHold(monitor, settings.databaseHold(), MAX_HELD, System::nanoTime)));
        // In-flight first, so that a rolling upgrade waits for every request that is in, refused ones too.
        api.getFilters().add(inFlight);
        // Maintenance next: it counts its own refusals, and the metrics filter behind it times the handler's answers.
        api.getFilters().add(new MaintenanceFilter(maintenance, metrics, Clock.systemUTC()));
        api.getFilters().add(new RequestMetricsFilter(metrics));
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS);
        server.setExecutor(executor);
        monitor.start();
        server.start();
        return new AppServer(server, executor, monitor, database, readDatabase, readReplica, heartbeat);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public DatabaseMonitor databaseMonitor() {
        return monitor;
    }

    @Override
    public void close() {
        server.stop(STOP_GRACE_SECONDS);
        executor.shutdown();
        try {
            executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.close();
        readReplica.close();
        monitor.close();
        readDatabase.close();
        database.close();
    }
}
