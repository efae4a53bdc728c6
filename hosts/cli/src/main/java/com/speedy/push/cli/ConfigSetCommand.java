package com.speedy.push.cli;

import com.speedy.push.config.ConfFile;
import com.speedy.push.config.ConfigSetJob;
import com.speedy.push.config.SecretStore;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.monitoring.WebInterface;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Sets KEY in PACKAGE's conffile on the hosts that run it (or those named), to the content of a"
                + " file: the value is never on a command line, in a log or in push's output. It is kept encrypted in"
                + " the inventory's secret store (secrets/PACKAGE/KEY.age, with age, to secrets.recipients), written"
                + " into /etc/speedy/PACKAGE.conf (0640, root:speedy) and the service restarted if it runs.",
            "Every host is asked first (the conffile there): a refusal changes nothing, the store neither.",
            "Exit codes: 0 set (or as it was), 1 refused or a host failed, 2 bad input."},
        footer = {"", "Examples:", "  push config set speedy-app db.password --from-file ~/db-password",
            "  push config set speedy-jobs db.password --from-file pw.txt app1",
            "  push config set speedy-app db.password --from-file pw.txt --store-only",
            "  push config set " + WebInterface.PACKAGE + " " + WebInterface.PASSWORD_KEY + " --from-file pw.txt"
                + " --store-only   (the monitoring pages' password; then push monitoring config --install)"})
final class ConfigSetCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "the package whose conffile it is")
    String packageName;

    @Parameters(index = "1", paramLabel = "KEY", description = "the key, e.g. db.password")
    String key;

    @Parameters(index = "2..*", paramLabel = "HOST|GROUP", arity = "0..*",
            description = "the hosts (default: every host the inventory has run PACKAGE)")
    List<String> names = List.of();

    @Option(names = "--from-file", paramLabel = "FILE", required = true,
            description = "the file holding the value (one line; a final newline is dropped)")
    Path from;

    @Option(names = "--store-only", description = "keep the value in the secret store only, changing no host: before"
            + " the package is installed anywhere (push db init reads speedy-app's db.password from the store)")
    boolean storeOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        SecretStore store = ConfigCommand.store(inv, spec);
        if (!ConfFile.KEY.matcher(key).matches()) {
            throw new ParameterException(spec.commandLine(), "'" + key + "' is not a conffile key such as db.password");
        }
        if (packageName.equals(WebInterface.PACKAGE) && key.equals(WebInterface.PASSWORD_KEY) && !storeOnly) {
            throw new ParameterException(spec.commandLine(), key + " of " + packageName + " is in no conffile: push"
                    + " monitoring config --install reads it from the store. Add --store-only, then run that");
        }
        String value = value();
        if (storeOnly) {
            if (!names.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--store-only changes no host: name none");
            }
            store.put(packageName, key, value.getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getOut().println("push: " + key + " of " + packageName + " kept encrypted in "
                    + store.file(packageName, key) + " (no host changed)");
            return 0;
        }
        List<Host> running = inv.hostsRunning(Set.of(packageName));
        List<Host> hosts = names.isEmpty() ? running : inv.select(names, false);
        for (Host host : hosts) {
            if (!running.contains(host)) {
                throw new ParameterException(spec.commandLine(), host.name() + " does not run " + packageName
                        + " (as " + inv.file() + " says)");
            }
        }
        if (hosts.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no host of " + inv.file() + " runs " + packageName);
        }
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = logDir.logs("config-set");
        Rollout rollout = Sessions.rollout(inv, logs, out);
        List<HostResult> checks = rollout.run(hosts, RolloutOptionsMixin.everyHost(),
                new ConfigSetJob(packageName, key, value, true));
        if (checks.stream().anyMatch(r -> r.outcome().isFailure())) {
            out.println("push: every host must have the conffile before the first change; nothing was changed");
            return Summary.print(out, checks, logs.dir().toString());
        }
        store.put(packageName, key, value.getBytes(StandardCharsets.UTF_8));
        out.println("push: " + key + " of " + packageName + " kept encrypted in " + store.file(packageName, key));
        return Summary.print(out, rollout.run(hosts, RolloutOptionsMixin.everyHost(),
                new ConfigSetJob(packageName, key, value, false)), logs.dir().toString());
    }

    /** The file's content: one line of printable text, without spaces at its ends. */
    private String value() {
        String text;
        try {
            text = Files.readString(from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--from-file " + from + " cannot be read: "
                    + e.getMessage());
        }
        String value = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty() || value.contains("\n") || !value.strip().equals(value)
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new ParameterException(spec.commandLine(), "--from-file " + from + " must hold one line of text"
                    + " without spaces at its ends (a final newline is dropped)");
        }
        return value;
    }
}
