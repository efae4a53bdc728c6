package com.speedy.push.ssh;

import java.util.Optional;

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

    /** {@link #upload(byte[], String, String, String)} of a file owned by root. */
    default void upload(byte[] content, String remotePath, String mode) throws SshException, InterruptedException {
        upload(content, remotePath, mode, "root:root");
    }

    /**
     * Writes {@code content} to {@code remotePath} with the octal {@code mode} (e.g. {@code "0644"}) and the
     * {@code owner} ({@code USER:GROUP}), replacing any file there in one step: readers see the old file or the new
     * one, never half of one, and never the new one with another owner or mode (a run killed between an upload and a
     * chown once left PostgreSQL a pg_hba.conf it could not read). Through {@code sudo -n} unless the login user is
     * root.
     *
     * @throws SudoRightMissingException if the login user may not use sudo without a password
     * @throws UploadFailedException if the remote side refused (no such folder or user, a read-only file system, ...)
     */
    void upload(byte[] content, String remotePath, String mode, String owner) throws SshException,
            InterruptedException;

    /** The user this session logged in as, when it knows: commands run as root through sudo unless it is root. */
    default Optional<String> loginUser() {
        return Optional.empty();
    }

    /** Logs out; never throws. */
    @Override
    void close();
}
