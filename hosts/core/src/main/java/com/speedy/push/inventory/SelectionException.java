package com.speedy.push.inventory;

import java.util.List;

/** Target names that select no host: unknown names, a group without hosts, or no names at all. */
public final class SelectionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> names;

    SelectionException(List<String> names, String message) {
        super(message);
        this.names = List.copyOf(names);
    }

    /** The names that selected nothing, exactly as given. */
    public List<String> names() {
        return names;
    }
}
