package com.speedy.app;

/** How long the API's answers took over a window: mean and 95th percentile in milliseconds, 0.0 when none finished. */
public record Latency(double mean, double p95, long count, long windowSeconds) {}
