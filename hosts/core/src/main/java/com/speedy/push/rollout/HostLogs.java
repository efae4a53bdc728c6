package com.speedy.push.rollout;

import com.speedy.push.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where each host's full remote output goes: one file per host in one folder per run, named in the summary. */
public final class HostLogs {
    private final Path dir;

    public HostLogs(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path of(Host host) {
        return dir.resolve(host.name() + ".log");
    }

    HostLog open(Host host) throws IOException {
        Files.createDirectories(dir);
        return new HostLog(Files.newBufferedWriter(of(host)));
    }
}
