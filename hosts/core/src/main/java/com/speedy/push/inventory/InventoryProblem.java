package com.speedy.push.inventory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One thing wrong with an inventory: where, which key (as a path such as {@code hosts.db1.port}), and what. A key that
 * is missing altogether has no position of its own.
 */
public record InventoryProblem(Path file, Optional<Position> position, String key, String message) {

    /** {@code hosts/inventory/example.yaml:12:11: hosts.db1.port: "http" is not a port number (1 to 65535)} */
    @Override
    public String toString() {
        String where = position.map(p -> file + ":" + p).orElse(file.toString());
        return key.isEmpty() ? where + ": " + message : where + ": " + key + ": " + message;
    }
}
