package com.speedy.process;

/**
 * The program exited with a status other than 0. The message names the argv, the status and the tail of stderr (of
 * stdout when stderr is empty, as it is when merged into stdout).
 */
public final class ProcessFailedException extends ProcessException {
    /** Enough of stderr to say why without flooding a log with a long run's output. */
    static final int TAIL_CHARS = 4000;

    private final ProcessResult result;

    ProcessFailedException(ProcessResult result) {
        super(result.argv(), String.join(" ", result.argv()) + " exited " + result.exitStatus() + ": "
                + tail(result.stderr().length > 0 ? result.stderrText() : result.stdoutText()), null);
        this.result = result;
    }

    public ProcessResult result() {
        return result;
    }

    /** The end of a program's messages: the last lines are the ones that say why it gave up. */
    static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() <= TAIL_CHARS ? stripped
                : "…" + stripped.substring(stripped.length() - TAIL_CHARS);
    }
}
