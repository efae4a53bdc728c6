package com.speedy.push.inventory;

import com.speedy.settings.Suggestions;
import java.util.List;
import java.util.Optional;

/**
 * One mapping of the inventory whose keys are known in advance ({@code ssh}, a host, …). An unknown key is reported at
 * once, with the closest known key; each getter converts its value and reports what is wrong with it.
 */
final class Fields {
    private final YamlNode.Mapping mapping;
    private final Optional<Position> owner;
    private final String path;
    private final Problems problems;

    private Fields(YamlNode.Mapping mapping, Optional<Position> owner, String path, Problems problems) {
        this.mapping = mapping;
        this.owner = owner;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The mapping at {@code path}, whose key stands at {@code owner} (the root has none). A key with no value at all
     * ({@code db:}) counts as an empty mapping. Empty when the node is not a mapping (reported).
     */
    static Optional<Fields> of(YamlNode node, Optional<Position> owner, String path, List<String> keys,
            Problems problems) {
        YamlNode.Mapping mapping;
        if (node instanceof YamlNode.Mapping m) {
            mapping = m;
        } else if (node instanceof YamlNode.Scalar s && s.isNull()) {
            mapping = new YamlNode.Mapping(List.of(), s.position());
        } else {
            problems.add(node.position(), path, "expected a mapping of " + String.join(", ", keys)
                    + ", found " + node.describe());
            return Optional.empty();
        }
        for (YamlNode.Mapping.Entry entry : mapping.entries()) {
            String key = entry.key().text();
            if (!keys.contains(key)) {
                String hint = Suggestions.closest(key, keys).map(k -> "; did you mean " + k + "?")
                        .orElse("; known here: " + String.join(", ", keys));
                problems.add(entry.key().position(), join(path, key), "unknown key" + hint);
            }
        }
        return Optional.of(new Fields(mapping, owner, path, problems));
    }

    /** A section that the file leaves out, such as {@code ssh} when every default will do. */
    static Fields absent(String path, Problems problems) {
        return new Fields(new YamlNode.Mapping(List.of(), new Position(1, 1)), Optional.empty(), path, problems);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports a problem with {@code key} of this mapping (or with the mapping itself, for ""), at the mapping's key. */
    void problem(String key, String message) {
        String at = key.isEmpty() ? path : join(path, key);
        owner.ifPresentOrElse(position -> problems.add(position, at, message),
                () -> problems.addWithoutPosition(at, message));
    }

    /** A problem with the value of {@code key}, reported where the key stands (else as {@link #problem}). */
    void problemAt(String key, String message) {
        entry(key).ifPresentOrElse(e -> problems.add(e.key().position(), join(path, key), message),
                () -> problem(key, message));
    }

    Optional<YamlNode.Mapping.Entry> entry(String key) {
        return mapping.entry(key);
    }

    /** The value, or empty when the key is absent or its value is wrong (reported) or missing (reported). */
    <T> Optional<T> required(String key, Conversion<T> conversion, String hint) {
        Optional<YamlNode.Mapping.Entry> entry = mapping.entry(key);
        if (entry.isEmpty()) {
            problem(key, "missing; set it to " + hint);
            return Optional.empty();
        }
        return convert(entry.get(), conversion);
    }

    /** The value, or empty when the key is absent or its value is wrong (reported). */
    <T> Optional<T> optional(String key, Conversion<T> conversion) {
        return mapping.entry(key).flatMap(entry -> convert(entry, conversion));
    }

    /** The value, or the fallback when the key is absent; empty when its value is wrong (reported). */
    <T> Optional<T> withDefault(String key, Conversion<T> conversion, T fallback) {
        return mapping.entry(key).isEmpty() ? Optional.of(fallback) : optional(key, conversion);
    }

    private <T> Optional<T> convert(YamlNode.Mapping.Entry entry, Conversion<T> conversion) {
        String at = join(path, entry.key().text());
        if (entry.value() instanceof YamlNode.Scalar s && s.isNull()) {
            problems.add(s.position(), at, "no value; expected " + conversion.expected());
            return Optional.empty();
        }
        return conversion.convert(entry.value(), at);
    }
}
