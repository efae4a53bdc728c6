package com.speedy.push.cli;

import com.speedy.push.config.ConfFile;
import com.speedy.push.config.SecretStore;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.ssh.CommandResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints PACKAGE's conffile as HOST has it, every secret masked (the keys in the store, and any"
                + " key named like a password, secret, token or credentials), then the keys the store holds."},
        footer = {"", "Example:", "  push config show speedy-app app1"})
final class ConfigShowCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    String packageName;

    @Parameters(index = "1", paramLabel = "HOST")
    String hostName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        List<Host> host = inv.select(List.of(hostName), false);
        Set<String> stored = new HashSet<>();
        List<String> keys = List.of();
        if (inv.secrets().isPresent()) {
            keys = new SecretStore(inv.secrets().get()).keys(packageName);
            stored.addAll(keys);
        }
        String path = ConfFile.path(packageName);
        String[] text = new String[1];
        Rollout quiet = Sessions.quiet(inv, "config-show");
        HostResult result = quiet.run(host, new RolloutOptions(1, 0, 0, false), steps -> {
            CommandResult read = steps.runWithheld(List.of("cat", path));
            if (read.exitStatus() != 0) {
                throw new IOException("no " + path + " on " + steps.host().name());
            }
            text[0] = read.stdoutText();
            return new HostResult(steps.host(), HostResult.Outcome.OK, "read", List.of(), steps.logFile());
        }).get(0);
        PrintWriter out = spec.commandLine().getOut();
        if (result.outcome().isFailure()) {
            out.println("push: " + result.detail());
            return Push.SOME_FAILED;
        }
        out.println("# " + path + " on " + hostName + ", secrets masked");
        out.print(ConfFile.masked(text[0], stored));
        out.println("# in the store: " + (keys.isEmpty() ? "nothing" : String.join(", ", keys)));
        out.flush();
        return 0;
    }
}
