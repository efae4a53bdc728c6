package com.speedy.push.inventory;

/** The inventory that bin/testbed up writes (its write_inventory), here for `bin/testbed up 2`. */
public final class TestbedInventory {
    public static final String TEXT = """
            # Written by bin/testbed up; rewritten on every up, removed by down. Do not edit.
            ssh:
              user: root
              known_hosts: /var/lib/speedy-testbed/known_hosts
              keys: [/var/lib/speedy-testbed/ssh/id_ed25519]
            hosts:
              host1:
                address: 10.213.7.11
                port: 22
              host2:
                address: 10.213.7.12
                port: 22
            """;

    private TestbedInventory() {}
}
