package com.speedy.testbed;

/** What a command on a testbed host did: its exit status and what it printed. */
public record ExecResult(String command, int exitStatus, String stdout, String stderr) {

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** Throws with the command, status and output unless it exited 0; returns this for chaining. */
    public ExecResult orThrow() {
        if (exitStatus != 0) {
            throw new AssertionError("`" + command + "` exited " + exitStatus + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return this;
    }
}
