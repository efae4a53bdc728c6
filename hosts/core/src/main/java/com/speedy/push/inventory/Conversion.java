package com.speedy.push.inventory;

import java.util.Optional;

/** Turns one YAML value into a typed one, or reports what is wrong with it and gives nothing. */
interface Conversion<T> {
    Optional<T> convert(YamlNode node, String path);

    /** What the value should be, for messages: "a port number (1 to 65535)". */
    String expected();
}
