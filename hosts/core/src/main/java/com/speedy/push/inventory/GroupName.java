package com.speedy.push.inventory;

/** A group of hosts, such as a role ({@code app}, {@code db}), e.g. what {@code push upgrade app} names. */
public final class GroupName extends InventoryName {
    private GroupName(String name) {
        super(name);
    }

    public static GroupName parse(String text) throws InvalidNameException {
        return new GroupName(check("group", text));
    }
}
