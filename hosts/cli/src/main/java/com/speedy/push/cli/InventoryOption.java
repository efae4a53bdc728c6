package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.InventoryException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -i FILE}, shared by every command that reads the inventory. */
final class InventoryOption {
    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            defaultValue = "${PUSH_INVENTORY:-hosts/inventory/inventory.yaml}",
            description = "the inventory (default: $PUSH_INVENTORY, else hosts/inventory/inventory.yaml)")
    Path file;

    Inventory read() throws InventoryException {
        return Inventory.read(file, Path.of(System.getProperty("user.home")));
    }
}
