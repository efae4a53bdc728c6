package com.speedy.push.db;

import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.InvalidNameException;
import java.util.List;

/** The inventory's group of database hosts: the pair, whose running primary every host's db alias names. */
public final class DbGroup {
    /** The group's name in every inventory. */
    public static final String NAME = "db";

    private static final GroupName GROUP = parse();

    private DbGroup() {}

    public static GroupName name() {
        return GROUP;
    }

    /** Its hosts, in the inventory's order (none if the inventory has no such group). */
    public static List<Host> members(Inventory inventory) {
        return inventory.members(GROUP);
    }

    private static GroupName parse() {
        try {
            return GroupName.parse(NAME);
        } catch (InvalidNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
