package com.speedy.push.inventory;

/** An environment, e.g. {@code production}, or {@code cauldron} for the dev host: it names its hosts' suite. */
public final class EnvironmentName extends InventoryName {
    private EnvironmentName(String name) {
        super(name);
    }

    public static EnvironmentName parse(String text) throws InvalidNameException {
        return new EnvironmentName(check("environment", text));
    }
}
