package com.speedy.notifier;

import com.speedy.runtime.config.ConfigReader;
import com.speedy.runtime.database.DatabaseSettings;
import java.net.URI;
import java.time.Duration;

/** Everything /etc/speedy/speedy-notifier.conf sets. */
public record NotifierSettings(
        DatabaseSettings database, URI gatewayUrl, Duration gatewayTimeout,
        RetryPolicy retryPolicy, int batchSize, Duration pollInterval) {

    public static NotifierSettings read(ConfigReader config) {
        return new NotifierSettings(
                DatabaseSettings.read(config),
                config.requiredHttpUrl("gateway.url", "https://push.speedy.example/v1/notifications"),
                config.duration("gateway.timeout", Duration.ofSeconds(10)),
                new RetryPolicy(
                        config.integer("delivery.max-attempts", 8, 1, 1000),
                        new Backoff(
                                config.duration("delivery.backoff-initial", Duration.ofSeconds(5)),
                                config.duration("delivery.backoff-max", Duration.ofMinutes(10)))),
                config.integer("worker.batch-size", 50, 1, 1000),
                config.duration("worker.poll-interval", Duration.ofSeconds(5)));
    }
}
