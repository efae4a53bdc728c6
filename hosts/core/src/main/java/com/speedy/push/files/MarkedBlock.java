package com.speedy.push.files;

import java.util.List;
import java.util.Objects;

/**
 * Lines that push owns in a configuration file it shares with others (pg_hba.conf, munin-node.conf): a block between
 * a BEGIN and an END marker line. Writing it replaces the block where it is, or adds it (at the end, or before the
 * first rule where the first matching line wins); every line outside it is kept as it was, so an operator's own entries
 * and the package's defaults survive every run.
 */
public record MarkedBlock(String begin, String end) {
    public MarkedBlock {
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (begin.contains("\n") || end.contains("\n") || begin.equals(end)) {
            throw new IllegalArgumentException("markers are two different lines: " + begin + " / " + end);
        }
    }

    /** {@code text} without the block (the BEGIN line through the END line), and with {@code lines} in it at the end. */
    public String applyTo(String text, List<String> lines) {
        String rest = without(text);
        StringBuilder result = new StringBuilder(rest);
        if (!rest.isEmpty() && !rest.endsWith("\n")) {
            result.append('\n');
        }
        return result.append(block(lines)).toString();
    }

    /**
     * {@code text} with {@code lines} in the block where it is, or, if it has none, in a new block before the first
     * line that is neither blank nor a {@code #} comment: for files such as pg_hba.conf where the first matching line
     * wins, so that an operator's broader rule (a {@code reject}, another method) cannot shadow push's entries.
     */
    public String applyBeforeRules(String text, List<String> lines) {
        int from = text.indexOf(begin);
        if (from >= 0 && text.indexOf(end, from) >= 0) {
            int lineStart = text.lastIndexOf('\n', from) + 1;
            return text.substring(0, lineStart) + block(lines) + without(text).substring(lineStart);
        }
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                return text.substring(0, offset) + block(lines) + text.substring(offset);
            }
            offset += line.length() + 1;
        }
        return applyTo(text, lines);
    }

    private String block(List<String> lines) {
        StringBuilder result = new StringBuilder(begin).append('\n');
        lines.forEach(line -> result.append(line).append('\n'));
        return result.append(end).append('\n').toString();
    }

    /** {@code text} without the block; as it is when it has none, or a BEGIN line without an END line after it. */
    public String without(String text) {
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            return text;
        }
        int afterEnd = text.indexOf('\n', to);
        return text.substring(0, from) + (afterEnd < 0 ? "" : text.substring(afterEnd + 1));
    }
}
