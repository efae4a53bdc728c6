package com.speedy.app;

/**
 * The notification queue that speedy-notifier works off: rows by status, how long the oldest pending one waits, and the
 * delivery attempts that failed (retried or given up), which a gateway refusing everything shows where delivered and
 * dead stay flat.
 */
public record NotificationCounts(long pending, long oldestPendingSeconds, long delivered, long dead,
        long failedAttempts) {}
