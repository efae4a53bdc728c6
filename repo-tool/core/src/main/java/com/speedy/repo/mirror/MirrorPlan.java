package com.speedy.repo.mirror;

import com.speedy.repo.mirror.MirrorObject.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a repository on disk becomes in a bucket, in upload order. Only {@code pool/} and {@code dists/} are mirrored
 * (never {@code conf/}, which holds the secret key), and no hidden name (staging folders, generations, temporary
 * files). {@code dists/SUITE} is a symlink to its live generation; S3 has no symlinks, so its files become plain keys
 * under {@code dists/SUITE/}.
 */
public final class MirrorPlan {
    private MirrorPlan() {
    }

    public static List<MirrorObject> of(Path repository, String prefix) throws IOException {
        List<MirrorObject> objects = new ArrayList<>();
        Path pool = repository.resolve("pool");
        if (Files.isDirectory(pool)) {
            for (Path file : visibleFiles(pool)) {
                String key = key(prefix, repository.relativize(file));
                objects.add(new MirrorObject(key, file, Phase.POOL));
                String asAptAsks = asAptAsks(key);
                if (!asAptAsks.equals(key)) {
                    objects.add(new MirrorObject(asAptAsks, file, Phase.POOL));
                }
            }
        }
        Path dists = repository.resolve("dists");
        if (Files.isDirectory(dists)) {
            try (Stream<Path> suites = Files.list(dists)) {
                for (Path suite : suites.filter(s -> !hidden(s.getFileName())).toList()) {
                    // Read through the symlink once: the files of one generation, whatever switches meanwhile.
                    Path live = suite.toRealPath();
                    for (Path file : visibleFiles(live)) {
                        Path relative = live.relativize(file);
                        objects.add(new MirrorObject(key(prefix, repository.relativize(suite).resolve(relative)),
                                file, phase(relative)));
                    }
                }
            }
        }
        objects.sort(Comparator.comparing(MirrorObject::phase).thenComparing(MirrorObject::key));
        return objects;
    }

    /** Which phase a file of a suite belongs to, by its path inside the suite. */
    static Phase phase(Path inSuite) {
        String name = inSuite.getFileName().toString();
        if (inSuite.getNameCount() == 1) {
            switch (name) {
                case "InRelease":
                    return Phase.IN_RELEASE;
                case "Release":
                case "Release.gpg":
                    return Phase.RELEASE;
                default:
                    return Phase.INDEX;
            }
        }
        for (Path part : inSuite) {
            if (part.toString().equals("by-hash")) {
                return Phase.BY_HASH;
            }
        }
        return Phase.INDEX;
    }

    /**
     * The key a server that does not decode percent-escapes in paths looks up when apt asks for {@code key}: apt sends
     * '~' and '+' (in versions: 1.0~rc1, 1.0+deb12u1) as %7e and %2b, and some S3-compatible servers (S3Proxy 2.6 here;
     * Cloudflare R2 reported) answer that 404. A second copy under this key serves them; S3 itself decodes.
     */
    static String asAptAsks(String key) {
        return key.replace("~", "%7e").replace("+", "%2b");
    }

    /** The object key of a repository-relative path: always '/'-separated, under the prefix if there is one. */
    static String key(String prefix, Path relative) {
        StringBuilder key = new StringBuilder(prefix);
        for (Path part : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    private static List<Path> visibleFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> noHiddenPart(root.relativize(file)))
                    .toList();
        }
    }

    private static boolean noHiddenPart(Path relative) {
        for (Path part : relative) {
            if (hidden(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hidden(Path name) {
        return name.toString().startsWith(".");
    }
}
