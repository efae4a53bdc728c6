package com.speedy.jobs;

import java.util.List;

/** The tables a job works on are not there: speedy-app, which owns them, has not created its schema yet. */
public final class MissingSchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> missingTables;

    public MissingSchemaException(List<String> missingTables) {
        super("table(s) " + String.join(", ", missingTables) + " missing: speedy-app has not created its schema yet"
                + " (it does so when it first starts against this database)");
        this.missingTables = List.copyOf(missingTables);
    }

    public List<String> missingTables() {
        return missingTables;
    }
}
