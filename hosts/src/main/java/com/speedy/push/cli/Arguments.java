package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.InvalidPackageSpecException;
import com.speedy.push.inventory.PackageSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code PKG[=VERSION]... HOST|GROUP...} as one list of words: a word that names a host or group of the inventory is a
 * target, any other a package. So {@code push install speedy-app host1} reads as a person would write it.
 */
record Arguments(List<PackageSpec> packages, List<String> targets) {
    static Arguments split(List<String> words, Inventory inventory, CommandLine commandLine) {
        List<PackageSpec> packages = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String word : words) {
            if (inventory.isTarget(word)) {
                targets.add(word);
                continue;
            }
            try {
                packages.add(PackageSpec.parse(word));
            } catch (InvalidPackageSpecException e) {
                throw new CommandLine.ParameterException(commandLine, "'" + word + "' is neither a host or group of "
                        + inventory.file() + " nor a package: " + e.getMessage());
            }
        }
        return new Arguments(packages, targets);
    }
}
