package com.speedy.push.ssh;

/**
 * A logged-in connection to one host, used by one thread. Commands are argv lists; their exit status is reported,
 * never assumed.
 */
public interface RemoteSession extends AutoCloseable {
    /**
     * Runs a command as the login user and waits for it to end.
     *
     * @throws CommandTimeoutException if it runs past its timeout (it is then sent SIGTERM and its channel closed)
     * @throws NoExitStatusException if it ends without an exit status (killed by a signal, or the channel closed)
     * @throws ConnectionLostException if the connection fails meanwhile
     */
    CommandResult run(RemoteCommand command) throws SshException, InterruptedException;

    /**
     * {@link #run(RemoteCommand)}, handing each line of its output (standard output and errors) to {@code lines} as
     * it comes. A session that cannot stream hands none: the result still has all of it.
     */
    default CommandResult run(RemoteCommand command, OutputLines lines) throws SshException, InterruptedException {
        return run(command);
    }

    /**
     * Writes {@code content} to {@code remotePath} with the octal {@code mode} (e.g. {@code "0644"}), owned by root,
     * replacing any file there in one step (readers see the old file or the new one, never half of one). Through
     * {@code sudo -n} unless the login user is root.
     *
     * @throws SudoRightMissingException if the login user may not use sudo without a password
     * @throws UploadFailedException if the remote side refused (no such folder, a read-only file system, ...)
     */
    void upload(byte[] content, String remotePath, String mode) throws SshException, InterruptedException;

    /** Logs out; never throws. */
    @Override
    void close();
}
