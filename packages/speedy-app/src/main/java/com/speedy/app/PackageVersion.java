package com.speedy.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debian version of the installed package, which the .deb writes to a file: the jar's own version says
 * 1.0.0-SNAPSHOT for every snapshot build, the package version tells them apart.
 */
final class PackageVersion {
    static final Path INSTALLED = Path.of("/usr/share/speedy-app/package-version");
    static final String UNKNOWN = "unknown";
    private static final Logger LOG = LoggerFactory.getLogger(PackageVersion.class);

    private PackageVersion() {}

    /** The file's content without surrounding white space, or {@value #UNKNOWN} when there is none to read. */
    static String read(Path file) {
        if (!Files.exists(file)) {
            return UNKNOWN; // not installed from the .deb: a development run
        }
        try {
            String version = Files.readString(file).strip();
            return version.isEmpty() ? UNKNOWN : version;
        } catch (IOException e) {
            LOG.warn("cannot read the package version from {}: {}", file, e.toString());
            return UNKNOWN;
        }
    }
}
