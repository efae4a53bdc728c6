package com.speedy.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The .debs this reactor built, in their modules' target/ folders (the modules build before push). */
final class BuiltDebs {
    private BuiltDebs() {}

    static Path of(String name) {
        Path module = switch (name) {
            case "speedy-monitoring" -> Path.of("monitoring");
            case "speedy-backup" -> Path.of("backup");
            case "speedy-lb" -> Path.of("hosts", "lb");
            default -> Path.of("packages", name);
        };
        Path target = Path.of(System.getenv().getOrDefault("SPEEDY_PROJECT_DIR", "..")).resolve(module)
                .resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(name + "_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " .deb in " + target + ": mvn package"));
        } catch (IOException e) {
            throw new AssertionError("no " + target + ": mvn package", e);
        }
    }
}
