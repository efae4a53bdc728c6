package com.speedy.app;

import com.speedy.runtime.database.DatabaseMonitor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: version, database state (asked afresh: reachable, writable, the address {@code db} names now),
 * maintenance mode, draining, the API requests in flight and the Debian package version. 200 while the database takes
 * writes, 503 when not (unreachable, or a read-only standby), so that a load balancer takes the host out and a
 * switchover can tell when the app writes to the new primary; status {@code "degraded"} then. While draining, 503
 * with status {@code "draining"} though the database is fine: the balancer stops sending, the API still serves, and
 * a rolling upgrade waits for {@code inFlight} to reach 0. Maintenance mode alone does not make a host unhealthy.
 * The answer comes within 2 s even when the database hangs: 503, with the reason.
 */
final class HealthHandler implements HttpHandler {
    /**
     * How long the database may take to answer: half a second less than the 2 s /healthz promises, for the HTTP round
     * trip on a busy host (push's switchover and the Nagios check give it 5 s).
     */
    static final Duration BOUND = Duration.ofMillis(1_500);

    private final String version;
    private final DatabaseMonitor database;
    private final Maintenance maintenance;
    private final Drain drain;
    private final InFlight inFlight;
    private final String packageVersion;

    HealthHandler(String version, DatabaseMonitor database, Maintenance maintenance, Drain drain, InFlight inFlight,
            String packageVersion) {
        this.version = version;
        this.database = database;
        this.maintenance = maintenance;
        this.drain = drain;
        this.inFlight = inFlight;
        this.packageVersion = packageVersion;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"/healthz".equals(exchange.getRequestURI().getPath())) {
            Exchanges.error(exchange, 404, "no such resource");
            return;
        }
        DatabaseMonitor.Status db = database.checkWithin(BOUND);
        boolean healthy = db.reachable() && db.writable() && db.schemaReady();
        Map<String, Object> dbBody = new LinkedHashMap<>();
        dbBody.put("reachable", db.reachable());
        dbBody.put("writable", db.writable());
        dbBody.put("schemaReady", db.schemaReady());
        dbBody.put("address", db.address());
        if (!healthy) {
            dbBody.put("problem", db.problem());
        }
        boolean draining = drain.isOn();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !healthy ? "degraded" : draining ? "draining" : "ok");
        body.put("version", version);
        body.put("database", dbBody);
        body.put("maintenance", maintenance.isOn());
        body.put("draining", draining);
        body.put("inFlight", inFlight.count());
        body.put("package", packageVersion);
        Exchanges.json(exchange, healthy && !draining ? 200 : 503, body);
    }
}
