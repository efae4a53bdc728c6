package com.speedy.process;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where a remote command's argv becomes the string that the remote login shell parses: every word in
 * single quotes, so no character in it (space, {@code $}, {@code ;}, {@code *}, a newline) means anything to the shell.
 * Assumes a POSIX login shell, as Debian's users have.
 */
public final class ShellQuoting {
    private ShellQuoting() {}

    /** The words, each quoted, separated by single spaces. */
    public static String render(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one word");
        }
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    /**
     * One word in single quotes. A single quote inside it ends the quoted part, adds an escaped quote and starts a new
     * quoted part: {@code it's} becomes {@code 'it'\''s'}.
     */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            // the remote side passes the command line around as a C string: a NUL would silently cut it short
            throw new IllegalArgumentException("a command word cannot contain a NUL character: "
                    + word.replace("\0", "\\0"));
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
