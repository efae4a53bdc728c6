package com.speedy.repo.mirror;

import com.speedy.repo.publish.RepositoryLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Mirrors a repository on disk to an object store, which clients then read like the folder. The local repository stays
 * the source of truth: a publish first succeeds on disk, then this copies what the store lacks or holds otherwise, in
 * {@link MirrorObject.Phase} order (pool, by-hash, indexes, Release, InRelease last). It lists the store once, and
 * deletes nothing: a client holding an older InRelease still finds the by-hash files and pool files it names.
 */
public final class Mirror {
    /** What the mirror tells the operator as it works. */
    public interface Console {
        void info(String message);
    }

    /** What one mirror did: objects uploaded, and objects already there as they are on disk. */
    public record Result(int uploaded, int alreadyThere) {}

    private final ObjectStore store;
    private final String prefix;
    private final Console console;

    public Mirror(ObjectStore store, String prefix, Console console) {
        this.store = store;
        this.prefix = prefix;
        this.console = console;
    }

    /** Holds the repository's lock while it reads, so that no publish retires the generation being copied. */
    public Result mirror(Path repository) throws IOException {
        try (RepositoryLock lock = RepositoryLock.acquire(repository)) {
            List<MirrorObject> plan = MirrorPlan.of(repository, prefix);
            Map<String, ObjectStore.Listed> listed = store.list(prefix);
            int uploaded = 0;
            for (MirrorObject object : plan) {
                if (!alreadyThere(object, listed.get(object.key()))) {
                    store.put(object.key(), object.file(), object.phase().cacheControl());
                    uploaded++;
                }
            }
            if (uploaded > 0) {
                console.info("mirrored: " + uploaded + " object(s) uploaded, " + (plan.size() - uploaded)
                        + " already there");
            }
            return new Result(uploaded, plan.size() - uploaded);
        }
    }

    /**
     * A pool or by-hash object of the right size is the file: its name fixes its content. Anything else must also have
     * the file's MD5 as its ETag, which S3 gives an object uploaded in one part, as the mirror uploads them.
     */
    static boolean alreadyThere(MirrorObject object, ObjectStore.Listed listed) throws IOException {
        if (listed == null || listed.size() != Files.size(object.file())) {
            return false;
        }
        return object.phase().immutable() || listed.etag().equalsIgnoreCase(md5(object.file()));
    }

    private static String md5(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
