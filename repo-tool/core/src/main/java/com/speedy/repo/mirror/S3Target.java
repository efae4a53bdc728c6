package com.speedy.repo.mirror;

import java.net.URI;
import java.net.URISyntaxException;

/** {@code s3://bucket/prefix}: a bucket and the key prefix the repository goes under (empty: the bucket's root). */
public record S3Target(String bucket, String prefix) {
    public static S3Target parse(String text) throws InvalidTargetException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidTargetException(text, "is not a URI");
        }
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidTargetException(text, "is not s3://BUCKET/PREFIX");
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null || uri.getPort() != -1) {
            throw new InvalidTargetException(text, "has more than a bucket and a prefix");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (prefix.contains("//")) {
            throw new InvalidTargetException(text, "has an empty folder in its prefix");
        }
        return new S3Target(uri.getHost(), prefix);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** A target that is not {@code s3://BUCKET/PREFIX}. */
    public static final class InvalidTargetException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTargetException(String text, String problem) {
            super("\"" + text + "\" " + problem);
        }
    }
}
