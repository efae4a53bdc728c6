package com.speedy.push.rollout;

import com.speedy.push.inventory.Host;
import java.nio.file.Path;
import java.util.List;

/**
 * How one host ended: one row of the summary.
 *
 * @param detail what was done, or why it failed, in a few words
 * @param log the file holding every command run on the host and its full output
 */
public record HostResult(Host host, Outcome outcome, String detail, List<Change> changes, Path log) {
    /** The summary's states. */
    public enum Outcome {
        /** Nothing needed changing. */
        OK,
        /** Changed as planned. */
        CHANGED,
        /** A command failed; what the detail says was undone. */
        FAILED,
        /** Not reached: connecting, the host key or logging in failed; nothing changed. */
        UNREACHABLE,
        /** Not started: earlier failures passed --max-fail. */
        SKIPPED,
        /**
         * Not known: the connection broke after a change started and the host could not be asked again, or a question
         * went unanswered; the detail says what to run next.
         */
        UNKNOWN;

        public boolean isFailure() {
            return this == FAILED || this == UNREACHABLE || this == UNKNOWN;
        }
    }

    public HostResult {
        changes = List.copyOf(changes);
    }
}
