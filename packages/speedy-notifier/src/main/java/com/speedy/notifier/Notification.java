package com.speedy.notifier;

/** One queued notification as the worker claimed it; {@code payload} is the row's jsonb as JSON text. */
public record Notification(long id, String recipient, String payload, int attempts) {}
