package com.speedy.push.ssh;

import java.nio.charset.StandardCharsets;

/** How a remote command ended: its exit status (which may be non-zero: that is for the caller to judge) and output. */
public final class CommandResult {
    private final int exitStatus;
    private final byte[] stdout;
    private final byte[] stderr;

    public CommandResult(int exitStatus, byte[] stdout, byte[] stderr) {
        this.exitStatus = exitStatus;
        this.stdout = stdout.clone();
        this.stderr = stderr.clone();
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

    @Override
    public String toString() {
        return "exit status " + exitStatus + ", " + stdout.length + " bytes of output, " + stderr.length
                + " bytes of errors";
    }
}
