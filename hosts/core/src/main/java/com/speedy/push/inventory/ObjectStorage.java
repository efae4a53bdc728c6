package com.speedy.push.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * S3-compatible object storage that gets a copy of the base backups, WAL and dumps (inventory key {@code backup.s3}):
 * its endpoint, the bucket, an AWS-style credentials file on the machine running push (push copies it to the backup
 * host), and the age recipients everything is encrypted to before it leaves the backup host. Only their public keys
 * are here: the private keys stay off the backup host, so that neither it nor the storage can read a backup alone.
 */
public record ObjectStorage(URI endpoint, String bucket, Path credentials, List<String> recipients) {
    /** S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** An age X25519 recipient: "age1" and 58 characters of bech32. */
    static final Pattern RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");

    public ObjectStorage {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a bucket name: " + bucket);
        }
        Objects.requireNonNull(credentials, "credentials");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty() || !recipients.stream().allMatch(r -> RECIPIENT.matcher(r).matches())) {
            throw new IllegalArgumentException("recipients must be age public keys: " + recipients);
        }
    }
}
