package com.speedy.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Maintenance mode: on while the flag file exists, so an operator switches it with touch and rm. */
public record Maintenance(Path flag, Duration retryAfter) {

    public boolean isOn() {
        return Files.exists(flag);
    }

    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Speedy is being updated</title></head>
            <body>
            <h1>We'll be right back</h1>
            <p>Speedy is being updated and will be back in a few minutes. Thank you for your patience.</p>
            </body>
            </html>
            """;
}
