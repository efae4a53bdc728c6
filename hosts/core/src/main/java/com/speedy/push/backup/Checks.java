package com.speedy.push.backup;

import com.speedy.push.db.DbConsole;
import java.util.ArrayList;
import java.util.List;

/** The checks a backup command prints before any change, as push db replica prints its own; any failed one refuses. */
final class Checks {
    private final DbConsole console;
    private final List<String> refusals = new ArrayList<>();

    Checks(DbConsole console) {
        this.console = console;
        console.line("");
        console.line("checks before any change:");
    }

    void check(boolean passed, String text) {
        if (!passed) {
            refusals.add(text);
        }
        console.line((passed ? "  ok       " : "  REFUSED  ") + text);
    }

    boolean refused() {
        return !refusals.isEmpty();
    }
}
