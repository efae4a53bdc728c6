package com.speedy.push.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Collects the problems of one inventory file while it is read, so that all of them are reported together. */
final class Problems {
    // Positions in file order; problems without one (a missing top-level key) last.
    private static final Comparator<InventoryProblem> ORDER = Comparator.comparing(
            (InventoryProblem p) -> p.position().orElse(new Position(Integer.MAX_VALUE, Integer.MAX_VALUE)));

    private final Path file;
    private final List<InventoryProblem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void add(Position position, String key, String message) {
        found.add(new InventoryProblem(file, Optional.of(position), key, message));
    }

    void addWithoutPosition(String key, String message) {
        found.add(new InventoryProblem(file, Optional.empty(), key, message));
    }

    /** How many so far: a reader compares it before and after a part to learn whether that part was all right. */
    int count() {
        return found.size();
    }

    void throwIfAny() throws InventoryException {
        if (!found.isEmpty()) {
            List<InventoryProblem> sorted = new ArrayList<>(found);
            sorted.sort(ORDER);
            throw new InventoryException(file, sorted);
        }
    }
}
