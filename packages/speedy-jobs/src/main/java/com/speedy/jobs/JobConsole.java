package com.speedy.jobs;

/** Where {@link JobRunner} reports what happened; the command line sends it to the log. */
@FunctionalInterface
public interface JobConsole {
    void info(String message);
}
