package com.speedy.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** A stand-in for a system command (systemctl here, where no systemd runs), put first on the scripts' PATH. */
final class FakeCommand {
    private FakeCommand() {
    }

    static void write(Path bin, String name, String body) throws IOException {
        Path command = bin.resolve(name);
        Files.writeString(command, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Map<String, String> path(Path bin) {
        return Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }
}
