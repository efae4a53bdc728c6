package com.speedy.push.inventory;

/** A host of the inventory, e.g. {@code db1}: a name for it, not its address (a host may move). */
public final class HostName extends InventoryName {
    private HostName(String name) {
        super(name);
    }

    public static HostName parse(String text) throws InvalidNameException {
        return new HostName(check("host", text));
    }
}
