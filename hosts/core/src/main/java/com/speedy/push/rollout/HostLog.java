package com.speedy.push.rollout;

import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import java.io.BufferedWriter;
import java.io.IOException;

/** One host's log: every command, its exit status and its whole output. */
final class HostLog implements AutoCloseable {
    private final BufferedWriter out;

    HostLog(BufferedWriter out) {
        this.out = out;
    }

    void command(RemoteCommand command, CommandResult result) throws IOException {
        out.write("$ " + command.toShellString() + "\n");
        out.write(result.stdoutText());
        if (!result.stderrText().isEmpty()) {
            out.write("[stderr]\n" + result.stderrText());
        }
        out.write("[exit " + result.exitStatus() + "]\n\n");
        out.flush();
    }

    /** A command whose output is a secret (a password read from a file): its output is not written. */
    void commandWithheld(RemoteCommand command, CommandResult result) throws IOException {
        out.write("$ " + command.toShellString() + "\n[output withheld: a secret]\n[exit " + result.exitStatus()
                + "]\n\n");
        out.flush();
    }

    /** A line of push's own, such as a reconnect after a lost connection. */
    void note(String text) throws IOException {
        out.write("[" + text + "]\n\n");
        out.flush();
    }

    void upload(String remotePath, String mode, int bytes) throws IOException {
        out.write("[upload " + remotePath + " mode " + mode + ", " + bytes + " bytes]\n\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
