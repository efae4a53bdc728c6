package com.speedy.repo.index;

import com.speedy.repo.deb.DebPackage;

/**
 * Where a .deb lives in the pool, as Debian's archive lays it out:
 * {@code pool/main/s/speedy-app/speedy-app_1.0.0-1_all.deb}, with {@code lib} sources under {@code pool/main/libf/}.
 */
public final class PoolPath {
    private PoolPath() {}

    public static String of(DebPackage deb, String component) {
        String source = deb.control().get("Source")
                .map(s -> s.strip().split("\\s+")[0])
                .orElse(deb.name().toString());
        String prefix = source.startsWith("lib") && source.length() > 3 ? source.substring(0, 4) : source.substring(0, 1);
        String version = deb.version().toString();
        int epoch = version.indexOf(':');
        return "pool/" + component + "/" + prefix + "/" + source + "/"
                + deb.name() + "_" + version.substring(epoch + 1) + "_" + deb.architecture() + ".deb";
    }
}
