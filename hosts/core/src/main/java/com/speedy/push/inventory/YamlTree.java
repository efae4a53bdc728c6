package com.speedy.push.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads YAML text into {@link YamlNode}s with Jackson's streaming parser, which gives every token's line and column.
 * Duplicate keys are reported, not resolved: Jackson and SnakeYAML would let the last one win silently. Aliases are
 * refused, since an inventory small enough for this tool reads better written out.
 */
final class YamlTree {
    // `db:` with nothing after it is null, not "": the builder's default differs from new YAMLFactory()'s.
    private static final YAMLFactory YAML =
            YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    private final YAMLParser parser;
    private final Problems problems;

    private YamlTree(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /** The document's root, or empty when the text is not YAML (that problem recorded). */
    static Optional<YamlNode> read(String text, Problems problems) {
        YAMLParser parser;
        try {
            parser = YAML.createParser(text);
        } catch (IOException e) {
            // A String source has no I/O; anything else is the parser's own failure.
            throw new IllegalStateException(e);
        }
        try (parser) {
            YamlTree tree = new YamlTree(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            Optional<YamlNode> root = tree.node(first, "");
            if (parser.nextToken() != null) {
                problems.add(position(parser.currentTokenLocation()), "",
                        "a second YAML document ('---'); an inventory is one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Jackson's own limits (nesting deeper than it allows) come without a location: the parser's is where
            // it stopped.
            JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            problems.add(position(where), "", "not valid YAML: " + summary(e.getOriginalMessage()));
            return Optional.empty();
        } catch (IOException e) {
            // A String source has no I/O; anything else is the parser's own failure.
            throw new IllegalStateException(e);
        }
    }

    /** The node that starts with {@code token}; empty for an alias (reported), which then counts as not written. */
    private Optional<YamlNode> node(JsonToken token, String path) throws IOException {
        Position at = position(parser.currentTokenLocation());
        if (parser.isCurrentAlias()) {
            problems.add(at, path, "the alias *" + parser.getText() + " is not supported here; write the value out");
            return Optional.empty();
        }
        return Optional.of(switch (token) {
            case START_OBJECT -> mapping(at, path);
            case START_ARRAY -> sequence(at, path);
            default -> scalar(token, at);
        });
    }

    private YamlNode.Mapping mapping(Position at, String path) throws IOException {
        List<YamlNode.Mapping.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            Position keyAt = position(parser.currentTokenLocation());
            String keyPath = path.isEmpty() ? name : path + "." + name;
            Optional<YamlNode> value = node(parser.nextToken(), keyPath);
            Position first = seen.putIfAbsent(name, keyAt);
            if (first != null) {
                problems.add(keyAt, keyPath, "defined twice (first at line " + first.line() + "); remove one");
            } else if (value.isPresent()) {
                entries.add(new YamlNode.Mapping.Entry(new YamlNode.Scalar(name, YamlNode.Scalar.Type.STRING, keyAt),
                        value.get()));
            }
        }
        return new YamlNode.Mapping(List.copyOf(entries), at);
    }

    private YamlNode.Sequence sequence(Position at, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        int index = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            node(t, path + "[" + index++ + "]").ifPresent(items::add);
        }
        return new YamlNode.Sequence(List.copyOf(items), at);
    }

    private YamlNode.Scalar scalar(JsonToken token, Position at) throws IOException {
        YamlNode.Scalar.Type type = switch (token) {
            case VALUE_NUMBER_INT -> YamlNode.Scalar.Type.INTEGER;
            case VALUE_NUMBER_FLOAT -> YamlNode.Scalar.Type.DECIMAL;
            case VALUE_TRUE -> YamlNode.Scalar.Type.TRUE;
            case VALUE_FALSE -> YamlNode.Scalar.Type.FALSE;
            case VALUE_NULL -> YamlNode.Scalar.Type.NULL;
            default -> YamlNode.Scalar.Type.STRING;
        };
        return new YamlNode.Scalar(type == YamlNode.Scalar.Type.NULL ? "" : parser.getText(), type, at);
    }

    private static Position position(JsonLocation location) {
        return new Position(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** SnakeYAML's message without its source excerpts: "while parsing …: expected …". */
    private static String summary(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining(": "));
    }
}
