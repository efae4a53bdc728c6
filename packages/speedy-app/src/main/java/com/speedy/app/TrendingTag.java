package com.speedy.app;

import java.time.OffsetDateTime;

/** One row of the trending list that speedy-jobs computes. */
public record TrendingTag(String tag, int posts, OffsetDateTime computedAt) {}
