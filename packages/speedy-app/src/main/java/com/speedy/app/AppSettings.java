package com.speedy.app;

import com.speedy.runtime.config.ConfigReader;
import com.speedy.runtime.database.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Everything /etc/speedy/speedy-app.conf sets. */
public record AppSettings(
        String listenAddress, int listenPort, DatabaseSettings database, String readHost, Duration readMaxLag,
        Duration databaseHold,
        Path maintenanceFlag, Duration maintenanceRetryAfter, Path drainFlag) {

    public static AppSettings read(ConfigReader config) {
        return new AppSettings(
                config.string("listen.address", "0.0.0.0"),
                config.integer("listen.port", 8080, 0, 65535),
                DatabaseSettings.read(config),
                config.string("db.read-host", "db-ro"),
                config.duration("db.read-max-lag", Duration.ofSeconds(10)),
                config.duration("db.hold", Duration.ofSeconds(10)),
                config.path("maintenance.flag", Path.of("/var/lib/speedy-app/maintenance")),
                config.duration("maintenance.retry-after", Duration.ofMinutes(5)),
                config.path("drain.flag", Path.of("/var/lib/speedy-app/draining")));
    }
}
