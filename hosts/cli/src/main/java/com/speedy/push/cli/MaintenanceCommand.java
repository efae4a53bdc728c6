package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.lb.MaintenanceMode;
import com.speedy.push.lb.MaintenanceNotice;
import com.speedy.push.rollout.HostLogs;
import com.speedy.settings.DurationText;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "maintenance", mixinStandardHelpOptions = true,
        subcommands = {MaintenanceCommand.On.class, MaintenanceCommand.Off.class},
        description = "Maintenance mode for the product's users, on every host that runs speedy-app and every"
                + " balancer (group lb): every request but /healthz gets 503 with Retry-After and a page for"
                + " browsers or JSON for API clients, with your message. push status shows where it is on.",
        footer = {"", "Examples:",
            "  push maintenance on --message 'Moving to a bigger database server' --until 30m",
            "  push maintenance off"})
final class MaintenanceCommand {
    private MaintenanceCommand() {}

    /** Switches it on every app host and balancer and prints the summary: the exit code. */
    static int run(InventoryOption inventory, LogDirOption logDir, CommandSpec spec, String command,
                   Optional<MaintenanceNotice> notice) throws Exception {
        Inventory inv = inventory.read();
        List<Host> hosts = MaintenanceMode.hosts(inv);
        if (hosts.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no host of " + inv.file() + " runs speedy-app or is"
                    + " in the group lb: there is nothing to put in maintenance mode");
        }
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = logDir.logs(command);
        return Summary.print(out, new MaintenanceMode(Sessions.rollout(inv, logs, out)).run(hosts, notice),
                logs.dir().toString());
    }

    @Command(name = "on", mixinStandardHelpOptions = true,
            description = {"Turns maintenance mode on: speedy-app's flag file (with the message and the end) on each"
                    + " app host, speedy-lb's flag and pages made from them on each balancer; then a request to"
                    + " each, from the host itself, must get the maintenance answer.",
                "Every host is asked first: one that does not answer, or lacks speedy-app or speedy-lb, refuses it"
                    + " with nothing changed. Running it again replaces the message.",
                "Exit codes: 0 on everywhere, 1 refused or a host failed, 2 bad input."},
            footer = {"", "Examples:", "  push maintenance on",
                "  push maintenance on --message 'Moving to a bigger database server' --until 2026-12-02T21:00:00Z"})
    static final class On implements Callable<Integer> {
        @Mixin
        InventoryOption inventory;

        @Mixin
        LogDirOption logDir;

        @Option(names = "--message", paramLabel = "TEXT", description = "what users are told, after the standard text")
        String message;

        @Option(names = "--until", paramLabel = "TIME", description = "when it should end: an instant such as"
                + " 2026-12-02T21:00:00Z, or a duration from now such as 30m; Retry-After counts down to it")
        String until;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (message != null && message.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--message is empty; leave it out for the standard"
                        + " text alone");
            }
            MaintenanceNotice notice = new MaintenanceNotice(Optional.ofNullable(message).map(String::strip),
                    Optional.ofNullable(until).map(this::end));
            return run(inventory, logDir, spec, "maintenance-on", Optional.of(notice));
        }

        private Instant end(String text) {
            Optional<Instant> fromNow = DurationText.parse(text).map(d -> Instant.now().plus(d));
            if (fromNow.isPresent()) {
                return fromNow.get();
            }
            try {
                Instant at = Instant.parse(text);
                if (at.isBefore(Instant.now())) {
                    throw new ParameterException(spec.commandLine(), "--until " + text + " has passed already");
                }
                return at;
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--until " + text + " is neither an instant such as"
                        + " 2026-12-02T21:00:00Z nor " + DurationText.EXPECTED);
            }
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true,
            description = {"Turns maintenance mode off on every app host and balancer, then asks each app host"
                    + " whether it serves again. Every host is asked first, as for on.",
                "Exit codes: 0 off everywhere, 1 refused or a host failed, 2 bad input."},
            footer = {"", "Example:", "  push maintenance off"})
    static final class Off implements Callable<Integer> {
        @Mixin
        InventoryOption inventory;

        @Mixin
        LogDirOption logDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return run(inventory, logDir, spec, "maintenance-off", Optional.empty());
        }
    }
}
