package com.speedy.repo.mirror;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Where a repository is mirrored to: a flat key space of objects (an S3 bucket). The one place the mirror does I/O. */
public interface ObjectStore {
    /** An object as a listing shows it: its size and its ETag (the MD5 of its content, for a single-part upload). */
    record Listed(String key, long size, String etag) {}

    /** Every object whose key starts with {@code prefix}, by key: one listing, however many pages it takes. */
    Map<String, Listed> list(String prefix) throws IOException;

    /** Uploads {@code file} as {@code key}, replacing any object there, with this Cache-Control header. */
    void put(String key, Path file, String cacheControl) throws IOException;
}
