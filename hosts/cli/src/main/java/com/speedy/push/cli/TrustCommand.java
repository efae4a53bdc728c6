package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.ssh.HostKeyPolicy;
import com.speedy.push.ssh.HostKeys;
import com.speedy.push.ssh.OfferedHostKey;
import com.speedy.push.ssh.SshException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Shows the key each host offers (its SHA256 fingerprint, as ssh-keygen -lf prints it) and whether"
                + " known_hosts has it; with --record, writes it there (replacing the host's old lines). Compare the"
                + " fingerprint with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console)"
                + " before you record it.",
        footer = {"", "Examples:", "  push trust app1", "  push trust app1 --record"})
final class TrustCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Parameters(paramLabel = "HOST|GROUP", arity = "1..*", description = "the hosts or groups")
    List<String> targets;

    @Option(names = "--record", description = "write each offered key that is not known yet into known_hosts")
    boolean record;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        HostKeys keys = new HostKeys(inv.ssh());
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (Host host : inv.select(targets, false)) {
            OfferedHostKey offered;
            try {
                offered = keys.fetch(host);
            } catch (SshException e) {
                out.println(host.name() + ": " + e.getMessage());
                failed++;
                continue;
            }
            out.println(host.name() + " (" + offered.address() + ":" + offered.port() + "): " + offered.type() + " "
                    + offered.fingerprint() + ", " + describe(offered.verdict(), inv));
            if (record && offered.verdict() != HostKeyPolicy.Verdict.KNOWN) {
                keys.record(offered);
                out.println(host.name() + ": recorded in " + inv.ssh().knownHosts());
            }
        }
        if (!record) {
            out.println("to record the keys shown: push trust " + String.join(" ", targets) + " --record");
        }
        return failed == 0 ? 0 : Push.SOME_FAILED;
    }

    private static String describe(HostKeyPolicy.Verdict verdict, Inventory inv) {
        return switch (verdict) {
            case KNOWN -> "known";
            case UNKNOWN -> "not in " + inv.ssh().knownHosts();
            case CHANGED -> "CHANGED: " + inv.ssh().knownHosts() + " holds another key for it";
        };
    }
}
