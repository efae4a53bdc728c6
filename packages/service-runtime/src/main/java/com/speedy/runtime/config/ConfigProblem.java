package com.speedy.runtime.config;

import java.nio.file.Path;
import java.util.Optional;

/** One thing wrong in a conffile: where it is, which key, and what is wrong with it. */
public record ConfigProblem(Path file, Optional<Integer> line, String key, String message) {

    static ConfigProblem atLine(Path file, int line, String key, String message) {
        return new ConfigProblem(file, Optional.of(line), key, message);
    }

    static ConfigProblem missing(Path file, String key, String message) {
        return new ConfigProblem(file, Optional.empty(), key, message);
    }

    /** {@code /etc/speedy/speedy-app.conf:12: db.port: "http" is not a port number (1-65535)} */
    @Override
    public String toString() {
        String where = line.map(n -> file + ":" + n).orElse(file.toString());
        return key.isEmpty() ? where + ": " + message : where + ": " + key + ": " + message;
    }
}
