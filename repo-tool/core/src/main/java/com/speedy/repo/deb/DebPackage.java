package com.speedy.repo.deb;

import com.speedy.debian.Architecture;
import com.speedy.debian.ControlParagraph;
import com.speedy.debian.DebianVersion;
import com.speedy.debian.PackageName;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What an apt repository indexes for one .deb: its control paragraph, the identity fields parsed from it, and the
 * file's size and digests (lower-case hex), as a Packages stanza needs them.
 */
public record DebPackage(
        ControlParagraph control,
        PackageName name,
        DebianVersion version,
        Architecture architecture,
        long size,
        String md5,
        String sha1,
        String sha256) {

    public DebPackage {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
        requireHex("md5", md5, 32);
        requireHex("sha1", sha1, 40);
        requireHex("sha256", sha256, 64);
    }

    private static void requireHex(String what, String value, int length) {
        Objects.requireNonNull(value, what);
        if (value.length() != length || !value.chars().allMatch(c -> HexFormat.isHexDigit(c)
                && !Character.isUpperCase(c))) {
            throw new IllegalArgumentException(what + " is not " + length + " lower-case hex digits: '" + value + "'");
        }
    }
}
