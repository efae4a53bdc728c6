package com.speedy.push.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a file the inventory names (known_hosts, a key) can be read: checked when the inventory is read, so that a
 * missing known_hosts is one clear problem rather than every host failing as "unknown host key".
 */
@FunctionalInterface
interface FileAccess {
    /** Why {@code file} cannot be read, or empty if it can. */
    Optional<String> problem(Path file);

    /** The file system's answer. */
    static FileAccess real() {
        return file -> {
            if (!Files.exists(file)) {
                return Optional.of(file + " does not exist");
            }
            if (Files.isDirectory(file)) {
                return Optional.of(file + " is a folder, not a file");
            }
            if (!Files.isReadable(file)) {
                return Optional.of(file + " cannot be read (permission denied)");
            }
            return Optional.empty();
        };
    }

    /** For inventory text checked on its own ({@link Inventory#parse}): the files it names are not looked at. */
    static FileAccess unchecked() {
        return file -> Optional.empty();
    }
}
