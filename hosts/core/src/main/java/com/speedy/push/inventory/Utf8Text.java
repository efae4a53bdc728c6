package com.speedy.push.inventory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An inventory file's bytes as text. A byte that is not UTF-8 is reported where an editor shows it (line and column of
 * the character it stands at), since the JDK's own error says only "Input length = 1".
 */
final class Utf8Text {
    private Utf8Text() {}

    static String decode(Path file, byte[] bytes) throws InventoryException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            throw new InventoryException(file, List.of(new InventoryProblem(file, Optional.of(positionAfter(out)), "",
                    String.format("byte 0x%02X (at byte offset %d) is not UTF-8; an inventory is UTF-8 text",
                            bytes[in.position()] & 0xff, in.position()))));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** Where the next character stands after {@code text}. */
    private static Position positionAfter(CharSequence text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }
}
