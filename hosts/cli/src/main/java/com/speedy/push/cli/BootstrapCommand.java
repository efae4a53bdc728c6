package com.speedy.push.cli;

import com.speedy.push.bootstrap.BootstrapJob;
import com.speedy.push.bootstrap.BootstrapLogin;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.AptSourceJob;
import com.speedy.push.ssh.PublicKeys;
import com.speedy.push.ssh.SshConnector;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {"Turns fresh Debian servers into hosts that push reaches as their deploy user only.",
            "Logs in as the inventory's user if it lets push in already, else as root with a key of ssh.keys.",
            "Checks first, changing nothing if a check fails: Debian, the time zone and locale, sshd, a sudoers that"
                + " visudo -c accepts. Then, each only if it differs: sudo and unattended-upgrades installed; the"
                + " deploy user (ssh.user, or the host's user) with the public halves of ssh.keys as its"
                + " authorized_keys; its sudo rule, checked with visudo -c before it is moved in place; the hostname"
                + " (the inventory's name),"
                + " time zone and locale (the inventory's bootstrap: section); unattended upgrades of Debian's security"
                + " updates only; the repository's source entry, as apt-source; and last sshd: keys only, no root"
                + " login, only the deploy user, checked with sshd -t and sshd -T, reloaded, and proven by a second"
                + " login as the deploy user running sudo before the first one closes (if that fails, the old settings"
                + " are put back; if push is stopped before that, a timer on the host puts them back).",
            "A second run changes nothing."},
        footer = {"", "Examples:", "  push bootstrap app3 --dry-run", "  push bootstrap app3 db3"})
final class BootstrapCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Mixin
    TargetsMixin targets;

    @Option(names = "--confirm-within", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long a host waits for push to prove its new sshd settings before it puts the old ones"
                    + " back by itself, should push be stopped half-way (default: ${DEFAULT-VALUE})")
    int confirmWithin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        if (inv.ssh().keys().isEmpty()) {
            throw new ParameterException(spec.commandLine(), inv.file() + " names no ssh.keys: bootstrap puts their"
                    + " public halves into the deploy user's authorized_keys (the agent's keys are not enough)");
        }
        List<String> keys;
        try {
            keys = PublicKeys.authorizedKeys(inv.ssh().keys(), "push");
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "ssh.keys in " + inv.file() + ": " + e.getMessage());
        }
        Optional<AptSourceJob> aptSource = inv.repository().isPresent()
                ? Optional.of(AptSourceCommand.job(inv, inv.repository().get(), spec)) : Optional.empty();
        SshConnector ssh = SshConnector.fromEnvironment(inv.ssh());
        BootstrapJob job = new BootstrapJob(keys, inv.hostSetup(), aptSource, ssh, rollout.dryRun,
                ConfirmWithin.check(confirmWithin, inv, spec));
        return Sessions.change(new BootstrapLogin(ssh), rollout, "bootstrap", targets.select(inv), job,
                spec.commandLine().getOut());
    }
}
