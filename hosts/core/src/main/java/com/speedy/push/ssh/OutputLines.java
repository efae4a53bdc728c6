package com.speedy.push.ssh;

/**
 * Receives a command's output a line at a time while it runs (apt's "Waiting for cache lock" lines), as well as
 * getting all of it at the end. Lines end at {@code \n} or {@code \r}, as a terminal shows them.
 */
@FunctionalInterface
public interface OutputLines {
    void line(String line);

    /** For a command whose output is only read at its end. */
    static OutputLines ignored() {
        return line -> { };
    }
}
