package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;

/** Writing a file on the host failed there (no such folder, a read-only file system, a full disk, ...). */
public final class UploadFailedException extends SshException {
    private static final long serialVersionUID = 1L;

    private final String remotePath;
    private final transient CommandResult result;

    UploadFailedException(HostName host, String remotePath, CommandResult result) {
        super(host, "could not write " + remotePath + " (exit status " + result.exitStatus() + "): "
                + result.stderrText().strip(), null);
        this.remotePath = remotePath;
        this.result = result;
    }

    public String remotePath() {
        return remotePath;
    }

    public CommandResult result() {
        return result;
    }
}
