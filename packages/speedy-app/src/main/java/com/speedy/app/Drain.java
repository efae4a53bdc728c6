package com.speedy.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draining: on while the flag file exists. /healthz then answers 503 so that a load balancer stops sending, while the
 * API goes on serving what still arrives; a rolling upgrade creates the flag before it stops the service.
 */
public record Drain(Path flag) {

    public boolean isOn() {
        return Files.exists(flag);
    }
}
