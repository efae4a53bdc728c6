package com.speedy.testbed;

import java.util.List;
import java.util.stream.Collectors;

/** Renders an argv as a shell command line: the one place that quotes, and it always single-quotes. */
public final class ShellQuoting {
    private ShellQuoting() {}

    public static String render(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
