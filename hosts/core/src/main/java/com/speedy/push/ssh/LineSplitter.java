package com.speedy.push.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream to its end, handing each complete line to an {@link OutputLines} as it arrives. */
final class LineSplitter {
    private LineSplitter() {}

    /** Everything {@code in} gave, in full; each line also to {@code lines} (the last one even without an end). */
    static byte[] readAll(InputStream in, OutputLines lines) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            all.write(buffer, 0, n);
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n' || buffer[i] == '\r') {
                    emit(line, lines);
                } else {
                    line.write(buffer[i]);
                }
            }
        }
        emit(line, lines);
        return all.toByteArray();
    }

    private static void emit(ByteArrayOutputStream line, OutputLines lines) {
        if (line.size() > 0) {
            lines.line(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
