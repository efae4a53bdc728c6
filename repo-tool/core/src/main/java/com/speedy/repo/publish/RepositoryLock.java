package com.speedy.repo.publish;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The repository's lock file: every operation that writes holds it, and so does a mirror that reads. */
public final class RepositoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RepositoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock; a process that dies releases it with its file descriptors. */
    public static RepositoryLock acquire(Path repository) throws IOException {
        FileChannel channel = FileChannel.open(repository.resolve("conf/.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return new RepositoryLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
