package com.speedy.push.sudo;

import java.util.ArrayList;
import java.util.List;

/**
 * The root-owned helper that push bootstrap writes on a host: each {@link RootScript} as a verb, so the deploy user's
 * sudo rule can name this one file instead of a shell. A verb's name carries a hash of its text; a host whose helper
 * is older than push answers an unknown verb with exit status 127 and says to run push bootstrap again.
 */
public final class SudoHelper {
    public static final String PATH = "/usr/local/lib/speedy-push/helper";
    /** The exit status of a verb the helper does not have. */
    public static final int UNKNOWN_VERB = 127;

    private SudoHelper() {}

    /** The command that runs {@code script} with {@code args} through the helper. */
    public static List<String> argv(RootScript script, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(PATH, script.verb()));
        argv.addAll(args);
        return argv;
    }

    /** The helper's whole text: a function per script, then the verb's dispatch. */
    public static String text() {
        StringBuilder text = new StringBuilder("#!/bin/bash\n"
                + "# Written by push bootstrap; a second run rewrites it. The scripts push runs as root through\n"
                + "# sudo, one verb each (com.speedy.push.sudo.RootScript); the deploy user's sudo rule names this\n"
                + "# file.\n");
        for (RootScript script : RootScript.values()) {
            text.append("\n").append(function(script)).append("() {\n").append(script.text()).append("\n}\n");
        }
        text.append("\nverb=${1:-}\n[ $# -eq 0 ] || shift\ncase \"$verb\" in\n");
        for (RootScript script : RootScript.values()) {
            text.append("    ").append(script.verb()).append(") ").append(function(script)).append(" \"$@\" ;;\n");
        }
        text.append("    *) echo \"speedy-push helper: no verb '$verb' in $0, which an older or newer push wrote:"
                + " run push bootstrap for this host again\" >&2\n"
                + "       exit " + UNKNOWN_VERB + " ;;\nesac\n");
        return text.toString();
    }

    private static String function(RootScript script) {
        return "verb_" + script.verb().replace('-', '_');
    }
}
