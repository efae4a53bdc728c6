package com.speedy.repo.signing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two views of a text that RFC 4880 §7 clear-signing needs: what is hashed and what is shown. They differ, and
 * gpgv rejects the file if we get either wrong:
 * <ul>
 *   <li>hashed: every line with trailing spaces and tabs removed, lines joined by CRLF, and no line ending after the
 *       last line (that one belongs to the armor that follows);</li>
 *   <li>shown: every line as given, ending in LF, with lines that start with '-' dash-escaped as "- -".</li>
 * </ul>
 * Lines may end in LF or CRLF on input.
 */
final class ClearText {
    private final List<byte[]> lines;

    private ClearText(List<byte[]> lines) {
        this.lines = lines;
    }

    static ClearText of(byte[] text) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(text, start, end));
                start = i + 1;
            }
        }
        if (start < text.length) {
            lines.add(Arrays.copyOfRange(text, start, text.length));
        }
        return new ClearText(List.copyOf(lines));
    }

    byte[] canonicalForSignature() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.write('\r');
                out.write('\n');
            }
            byte[] line = lines.get(i);
            out.write(line, 0, lengthWithoutTrailingWhitespace(line));
        }
        return out.toByteArray();
    }

    byte[] dashEscaped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            if (line.length > 0 && line[0] == '-') {
                out.write('-');
                out.write(' ');
            }
            out.writeBytes(line);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static int lengthWithoutTrailingWhitespace(byte[] line) {
        int end = line.length;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return end;
    }
}
