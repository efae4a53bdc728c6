package com.speedy.process;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** How a local program ended: its exit status (non-zero is for the caller to judge) and what it wrote. */
public final class ProcessResult {
    private final List<String> argv;
    private final int exitStatus;
    private final byte[] stdout;
    private final byte[] stderr;

    public ProcessResult(List<String> argv, int exitStatus, byte[] stdout, byte[] stderr) {
        this.argv = List.copyOf(argv);
        this.exitStatus = exitStatus;
        this.stdout = stdout.clone();
        this.stderr = stderr.clone();
    }

    public List<String> argv() {
        return argv;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    public byte[] stdout() {
        return stdout.clone();
    }

    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** This result if the program exited 0. */
    public ProcessResult orThrow() throws ProcessFailedException {
        if (exitStatus != 0) {
            throw new ProcessFailedException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + ": exit status " + exitStatus + ", " + stdout.length + " bytes of output, "
                + stderr.length + " bytes of errors";
    }
}
