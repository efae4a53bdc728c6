package com.speedy.repo.signing;

import com.speedy.debian.Suite;
import java.nio.charset.StandardCharsets;

/** A realistic Release file, with the lines that clear-signing treats specially. */
final class SampleRelease {
    static final String TEXT = """
            Origin: Speedy
            Label: Speedy
            Suite: stable
            Codename: stable
            Date: Sun, 22 Nov 2026 00:00:00 UTC
            Architectures: amd64 all
            Components: main
            Description: Speedy release packages   \s
            -----BEGIN PGP SIGNATURE----- (a line that starts with a dash)
            SHA256:
             3b4c1f2e9a7d6c5b4a3928170f6e5d4c3b2a19080706050403020100ffeeddcc      1234 main/binary-amd64/Packages
             0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0       567 main/binary-amd64/Packages.xz
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855         0 main/binary-all/Packages
            """;

    static byte[] bytes() {
        return TEXT.getBytes(StandardCharsets.UTF_8);
    }

    private SampleRelease() {
    }
}
