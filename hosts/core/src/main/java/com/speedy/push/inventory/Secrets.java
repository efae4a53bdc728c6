package com.speedy.push.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The inventory's {@code secrets} section: the store of the conffiles' secrets, encrypted with age beside the
 * inventory, so that it can go into git with it.
 *
 * @param recipients the age public keys the store is encrypted to (each operator's)
 * @param identity this operator's age private key file, outside the inventory's folder
 * @param store the folder of the encrypted secrets: {@code secrets/} beside the inventory file
 */
public record Secrets(List<String> recipients, Path identity, Path store) {
    public Secrets {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(store, "store");
    }
}
