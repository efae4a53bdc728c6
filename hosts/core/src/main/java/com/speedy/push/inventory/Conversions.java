package com.speedy.push.inventory;

import com.speedy.settings.DurationText;
import com.speedy.settings.HttpUrlText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The {@link Conversion}s an inventory's values need, reporting into one file's {@link Problems}. */
final class Conversions {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]*");
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    /** A parser that refuses bad text with an exception whose message says why, as the value types' parse does. */
    interface Parser<T> {
        T parse(String text) throws Exception;
    }

    private final Problems problems;
    private final Path home;

    Conversions(Problems problems, Path home) {
        this.problems = problems;
        this.home = home;
    }

    /** A scalar that {@code parser} accepts; its exception's message is the problem. */
    <T> Conversion<T> parsed(String expected, Parser<T> parser) {
        return conversion(expected, (node, path) -> scalar(node, path, expected).flatMap(s -> {
            try {
                return Optional.of(parser.parse(s.text()));
            } catch (RuntimeException bug) {
                throw bug;
            } catch (Exception refused) {
                problems.add(s.position(), path, refused.getMessage());
                return Optional.empty();
            }
        }));
    }

    /** A scalar that {@code check} accepts, else "'TEXT' is not EXPECTED". */
    <T> Conversion<T> checked(String expected, Function<String, Optional<T>> check) {
        return conversion(expected, (node, path) -> scalar(node, path, expected).flatMap(s -> {
            Optional<T> value = check.apply(s.text());
            if (value.isEmpty()) {
                problems.add(s.position(), path, "'" + s.text() + "' is not " + expected);
            }
            return value;
        }));
    }

    Conversion<String> address() {
        return checked("an IP address or DNS name", text -> Optional.of(text).filter(t -> ADDRESS.matcher(t).matches()));
    }

    Conversion<String> user() {
        return checked("a user name", text -> Optional.of(text).filter(t -> USER.matcher(t).matches()));
    }

    Conversion<Integer> port() {
        return integer("a port number (1 to 65535)", 1, 65535);
    }

    /** A whole number from {@code min} to {@code max}, written as a YAML integer. */
    Conversion<Integer> integer(String expected, int min, int max) {
        return conversion(expected, (node, path) -> scalar(node, path, expected).flatMap(s -> {
            if (s.type() == YamlNode.Scalar.Type.INTEGER) {
                try {
                    int value = Integer.parseInt(s.text());
                    if (value >= min && value <= max) {
                        return Optional.of(value);
                    }
                } catch (NumberFormatException tooBig) {
                    // reported below
                }
            }
            problems.add(s.position(), path, "'" + s.text() + "' is not " + expected);
            return Optional.empty();
        }));
    }

    Conversion<Boolean> bool() {
        String expected = "true or false";
        return conversion(expected, (node, path) -> scalar(node, path, expected).flatMap(s -> {
            if (s.type() != YamlNode.Scalar.Type.TRUE && s.type() != YamlNode.Scalar.Type.FALSE) {
                problems.add(s.position(), path, "'" + s.text() + "' is not " + expected);
                return Optional.empty();
            }
            return Optional.of(s.type() == YamlNode.Scalar.Type.TRUE);
        }));
    }

    Conversion<Duration> duration() {
        return checked(DurationText.EXPECTED, DurationText::parse);
    }

    /** An http or https URL with a host, e.g. {@code http://apt.speedy.example/}. */
    Conversion<URI> httpUrl() {
        return checked("an http or https URL such as http://apt.speedy.example/", HttpUrlText::parse);
    }

    /**
     * A local file: {@code ~/…} in the home folder of the user running push, a relative path next to the inventory
     * file (so that an inventory and its keys can move together), an absolute one as it is.
     */
    Conversion<Path> file() {
        return checked("a file path", text -> {
            if (text.isBlank()) {
                return Optional.empty();
            }
            if (text.equals("~") || text.startsWith("~/")) {
                return Optional.of(home.resolve(text.substring(1).replaceFirst("^/+", "")));
            }
            Path path = Path.of(text);
            Path folder = problems.file().toAbsolutePath().getParent();
            return Optional.of(path.isAbsolute() ? path : folder.resolve(path).normalize());
        });
    }

    /**
     * A list whose every item converts and names something once ({@code identity}: a package by its name, whatever its
     * version). {@code expected} describes the list: "a list of groups". Empty when the node is no list or any item is
     * wrong (each reported).
     */
    <T> Conversion<List<T>> listOf(String expected, Conversion<T> item, Function<T, ?> identity) {
        return conversion(expected, (node, path) -> {
            if (!(node instanceof YamlNode.Sequence sequence)) {
                problems.add(node.position(), path, "expected " + expected + ", found " + node.describe()
                        + (node instanceof YamlNode.Scalar s && !s.isNull() ? "; write [" + s.text() + "]" : ""));
                return Optional.empty();
            }
            List<T> values = new ArrayList<>();
            Map<Object, Integer> seen = new HashMap<>();
            boolean allGood = true;
            for (int i = 0; i < sequence.items().size(); i++) {
                YamlNode itemNode = sequence.items().get(i);
                String itemPath = path + "[" + i + "]";
                Optional<T> value = item.convert(itemNode, itemPath);
                allGood &= value.isPresent();
                if (value.isPresent()) {
                    Integer first = seen.putIfAbsent(identity.apply(value.get()), i);
                    if (first != null) {
                        problems.add(itemNode.position(), itemPath, "'" + identity.apply(value.get())
                                + "' is listed twice (first as " + path + "[" + first + "])");
                        allGood = false;
                    }
                    values.add(value.get());
                }
            }
            return allGood ? Optional.of(List.copyOf(values)) : Optional.empty();
        });
    }

    private Optional<YamlNode.Scalar> scalar(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return Optional.of(s);
        }
        problems.add(node.position(), path, "expected " + expected + ", found " + node.describe());
        return Optional.empty();
    }

    private static <T> Conversion<T> conversion(String expected, BiFunction<YamlNode, String, Optional<T>> convert) {
        return new Conversion<>() {
            @Override
            public Optional<T> convert(YamlNode node, String path) {
                return convert.apply(node, path);
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }
}
