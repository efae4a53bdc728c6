package com.speedy.push.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A YAML document as written, every node with its position: what Jackson's tree model drops and error messages need.
 * Mappings keep their entries in file order; a duplicate key has already been reported and left out.
 */
sealed interface YamlNode {
    Position position();

    /** For "expected a list, found …" messages. */
    String describe();

    /** A plain or quoted value; {@code null}, {@code ~} and nothing at all are null scalars. */
    record Scalar(String text, Type type, Position position) implements YamlNode {
        /** What YAML made of the text: {@code 22} is a number, {@code "22"} a string, {@code yes} is true. */
        enum Type { STRING, INTEGER, DECIMAL, TRUE, FALSE, NULL }

        boolean isNull() {
            return type == Type.NULL;
        }

        @Override
        public String describe() {
            return isNull() ? "nothing" : "'" + text + "'";
        }
    }

    record Sequence(List<YamlNode> items, Position position) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, Position position) implements YamlNode {
        record Entry(Scalar key, YamlNode value) {}

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().text().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }
}
