package com.speedy.repo.mirror;

import java.nio.file.Path;

/** One file of the local repository and the object it becomes. */
public record MirrorObject(String key, Path file, Phase phase) {
    /**
     * The order of a mirror: what a Release names is uploaded before it, InRelease (what apt reads first) last, so a
     * client never reads a Release that names something the bucket does not hold yet.
     */
    public enum Phase {
        POOL(Immutable.YES), BY_HASH(Immutable.YES), INDEX(Immutable.NO), RELEASE(Immutable.NO),
        IN_RELEASE(Immutable.NO);

        private final Immutable immutable;

        Phase(Immutable immutable) {
            this.immutable = immutable;
        }

        /** A pool file's name carries its version and a by-hash file's its hash: what is there never changes. */
        public boolean immutable() {
            return immutable == Immutable.YES;
        }

        /** A CDN may keep pool and by-hash objects forever; the rest must be re-checked within a minute. */
        public String cacheControl() {
            return immutable() ? "public, max-age=31536000, immutable" : "public, max-age=60";
        }
    }

    private enum Immutable { YES, NO }
}
