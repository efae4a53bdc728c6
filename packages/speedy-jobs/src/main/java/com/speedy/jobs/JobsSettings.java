package com.speedy.jobs;

import com.speedy.runtime.config.ConfigReader;
import com.speedy.runtime.database.DatabaseSettings;
import java.time.Duration;

/** Everything /etc/speedy/speedy-jobs.conf sets. */
public record JobsSettings(
        DatabaseSettings database,
        Duration trendingWindow, int trendingLimit,
        Duration purgePostsAfter, Duration purgeNotificationsAfter) {

    public static JobsSettings read(ConfigReader config) {
        return new JobsSettings(
                DatabaseSettings.read(config),
                config.duration("trending.window", Duration.ofHours(24)),
                config.integer("trending.limit", 50, 1, 10_000),
                config.duration("purge.posts-after", Duration.ofDays(365)),
                config.duration("purge.notifications-after", Duration.ofDays(30)));
    }

    /** The job a name on the command line stands for, set up from these settings. */
    public Job job(JobName name) {
        return switch (name) {
            case TRENDING -> new TrendingJob(trendingWindow, trendingLimit);
            case PURGE -> new PurgeJob(purgePostsAfter, purgeNotificationsAfter);
        };
    }
}
