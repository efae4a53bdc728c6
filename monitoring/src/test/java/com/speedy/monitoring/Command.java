package com.speedy.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What this machine's resolver answers, asked as the checks ask it. */
final class Command {
    private Command() {
    }

    static String firstAddress(String name) throws IOException, InterruptedException {
        Process getent = new ProcessBuilder("getent", "ahosts", name).start();
        String out = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        getent.waitFor();
        return out.lines().findFirst().orElseThrow().split("\\s+")[0];
    }
}
