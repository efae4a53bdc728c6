package com.speedy.push.inventory;

/** A host, group or environment name that breaks {@link InventoryName}'s rule; carries the text. */
public final class InvalidNameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String name;

    InvalidNameException(String kind, String name) {
        super("'" + name + "' is not a valid " + kind + " name (" + InventoryName.RULE + " characters)");
        this.name = name;
    }

    /** The text that was rejected, exactly as given. */
    public String name() {
        return name;
    }
}
