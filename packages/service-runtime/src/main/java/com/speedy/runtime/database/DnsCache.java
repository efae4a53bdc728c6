package com.speedy.runtime.database;

import java.security.Security;

/**
 * The JVM caches host name lookups, by default for 30 s and under a security manager forever. A failover moves the
 * {@code db} alias, so the services must look it up again within a second or two: a switchover waits for them. The TTL
 * is a security property: a {@code -D} system property of the same name has no effect. It must be set before the first
 * lookup.
 */
public final class DnsCache {
    public static final int TTL_SECONDS = 1;
    public static final int NEGATIVE_TTL_SECONDS = 1;

    private DnsCache() {}

    public static void useShortTtl() {
        Security.setProperty("networkaddress.cache.ttl", Integer.toString(TTL_SECONDS));
        Security.setProperty("networkaddress.cache.negative.ttl", Integer.toString(NEGATIVE_TTL_SECONDS));
    }
}
