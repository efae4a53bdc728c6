package com.speedy.repo.mirror;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the bucket's server is and the key to it, from a properties file ({@code endpoint}, {@code region},
 * {@code access-key}, {@code secret-key}, and optionally {@code acl}: a canned ACL each object gets, e.g.
 * {@code public-read} where clients read the bucket directly and the server honours ACLs). The file holds a secret:
 * one that others may read is refused, as ssh refuses such a private key. The secret is never part of a message
 * or of {@link #toString()}.
 */
public final class S3Settings {
    private static final Set<String> REQUIRED = Set.of("endpoint", "region", "access-key", "secret-key");
    private static final Set<String> KEYS = Set.of("endpoint", "region", "access-key", "secret-key", "acl");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final Optional<String> acl;

    public S3Settings(URI endpoint, String region, String accessKey, String secretKey, Optional<String> acl) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.acl = acl;
    }

    public static S3Settings read(Path file) throws InvalidSettingsException {
        Set<PosixFilePermission> permissions;
        Properties properties = new Properties();
        try {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException e) {
            throw new InvalidSettingsException(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new InvalidSettingsException(file, "holds a secret key but others may read it (mode "
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
        }
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        unknown.forEach(key -> problems.add("unknown key \"" + key + "\" (known: endpoint, region, access-key, "
                + "secret-key, acl)"));
        for (String key : new TreeSet<>(REQUIRED)) {
            if (properties.getProperty(key, "").isBlank()) {
                problems.add("\"" + key + "\" is missing");
            }
        }
        URI endpoint = null;
        String text = properties.getProperty("endpoint", "").strip();
        if (!text.isEmpty()) {
            try {
                endpoint = new URI(text);
            } catch (URISyntaxException e) {
                endpoint = URI.create("invalid:/");
            }
            if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                    || endpoint.getHost() == null) {
                problems.add("\"endpoint\" is not an http:// or https:// URL: " + text);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(file, String.join("; ", problems));
        }
        return new S3Settings(endpoint, properties.getProperty("region").strip(),
                properties.getProperty("access-key").strip(), properties.getProperty("secret-key").strip(),
                Optional.ofNullable(properties.getProperty("acl")).map(String::strip).filter(a -> !a.isEmpty()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** The canned ACL each uploaded object gets; none leaves access to the bucket's own policy. */
    public Optional<String> acl() {
        return acl;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", access-key=" + accessKey + ", acl="
                + acl.orElse("none") + "]";
    }

    /** A settings file that cannot be used; the message names the file and every problem, never the secret. */
    public static final class InvalidSettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSettingsException(Path file, String problem) {
            super(file + ": " + problem);
        }
    }
}
