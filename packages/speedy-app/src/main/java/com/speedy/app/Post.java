package com.speedy.app;

import java.time.OffsetDateTime;
import java.util.List;

/** A post as the API returns it. */
public record Post(long id, String author, String body, List<String> tags, OffsetDateTime createdAt) {}
