package com.speedy.push.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in an inventory, reported at once, in the order they stand in the file. */
public final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient List<InventoryProblem> problems;

    InventoryException(Path file, List<InventoryProblem> problems) {
        super(problems.stream().map(InventoryProblem::toString).collect(Collectors.joining("\n")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<InventoryProblem> problems() {
        return problems;
    }
}
