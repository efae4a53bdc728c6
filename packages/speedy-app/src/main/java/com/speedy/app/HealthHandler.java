package com.speedy.app;

import com.speedy.runtime.database.DatabaseMonitor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: version, database state (asked afresh: reachable, writable, the address {@code db} names now)
 * and maintenance mode. 200 while the database takes writes, 503 when not (unreachable, or a read-only standby), so that
 * a load balancer takes the host out and a switchover can tell when the app writes to the new primary; maintenance
 * mode alone does not make a host unhealthy. The answer comes within 2 s even when the database hangs: 503, with the
 * reason.
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

    HealthHandler(String version, DatabaseMonitor database, Maintenance maintenance) {
        this.version = version;
        this.database = database;
        this.maintenance = maintenance;
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "degraded");
        body.put("version", version);
        body.put("database", dbBody);
        body.put("maintenance", maintenance.isOn());
        Exchanges.json(exchange, healthy ? 200 : 503, body);
    }
}
