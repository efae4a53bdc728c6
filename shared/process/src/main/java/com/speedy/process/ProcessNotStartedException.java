package com.speedy.process;

import java.io.IOException;
import java.util.List;

/** The program could not be started: missing, not executable, or its working directory is. */
public final class ProcessNotStartedException extends ProcessException {
    ProcessNotStartedException(List<String> argv, IOException cause) {
        super(argv, cause.getMessage(), cause);
    }
}
