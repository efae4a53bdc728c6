package com.speedy.app;

/** The notification queue that speedy-notifier works off: rows by status, and how long the oldest pending one waits. */
public record NotificationCounts(long pending, long oldestPendingSeconds, long delivered, long dead) {}
