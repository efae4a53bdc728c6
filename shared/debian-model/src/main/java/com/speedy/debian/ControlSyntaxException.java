package com.speedy.debian;

/** A control paragraph that is not valid deb822; names the line (1-based) and carries its text. */
public final class ControlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;
    private final String problem;

    ControlSyntaxException(int lineNumber, String line, String problem) {
        super("line " + lineNumber + ": " + problem + (line.isEmpty() ? "" : ": '" + line + "'"));
        this.lineNumber = lineNumber;
        this.line = line;
        this.problem = problem;
    }

    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, without its line break; empty for problems that are about a missing line. */
    public String line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
