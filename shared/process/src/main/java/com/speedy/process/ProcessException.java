package com.speedy.process;

import java.io.IOException;
import java.util.List;

/** A local program could not be run to its end; the subclasses say how. */
public class ProcessException extends IOException {
    private final List<String> argv;

    ProcessException(List<String> argv, String message, Throwable cause) {
        super(message, cause);
        this.argv = List.copyOf(argv);
    }

    public List<String> argv() {
        return argv;
    }
}
