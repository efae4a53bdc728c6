package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.settings.DurationText;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serves one read-only web page of the fleet until stopped (Ctrl-C): every host's packages with"
                + " the installed and available versions (drift marked), units and maintenance mode, as push status"
                + " shows them; where each host's db and db-ro point; the database pair's roles, timeline and lag, as"
                + " push db status shows them, with a chart of the standby's replay delay; the last rollouts from the"
                + " log folder, with each host's result and log, and a chart of their durations. Each host is asked"
                + " on its own every refresh, so one that does not answer is shown as unreachable and delays no"
                + " other. The page needs no network beyond this process, holds no secrets, and listens on loopback"
                + " unless --bind says otherwise. Changes nothing on any host.",
        footer = {"", "Examples:", "  push dashboard", "  push dashboard --port 9000 --refresh 30s",
                "  ssh -L 8090:127.0.0.1:8090 ops-laptop   # then open http://127.0.0.1:8090/"})
final class DashboardCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090",
            description = "the port (default: ${DEFAULT-VALUE}; 0: any free port, printed)")
    int port;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "10s",
            description = "how often every host is asked again, e.g. 10s or 1m (default: ${DEFAULT-VALUE})")
    String refreshText;

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "${PUSH_LOG_DIR:-push-logs}",
            description = "where push's commands keep their runs' logs, read for the last rollouts (default:"
                    + " $PUSH_LOG_DIR, else push-logs)")
    Path logDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + ": not a port (0 to 65535)");
        }
        Duration refresh = DurationText.parse(refreshText).filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--refresh " + refreshText
                        + ": not a duration of 1s or more, such as 10s or 1m"));
        Inventory inv = inventory.read();
        PrintWriter out = spec.commandLine().getOut();
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(inv, logDir, refresh, bind, port);
        } catch (BindException e) {
            spec.commandLine().getErr().println("push: cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (another process has the port? --port chooses another)");
            return Push.BAD_INPUT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }));
        out.println("push dashboard: http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":"
                + dashboard.port() + "/ (" + inv.hosts().size() + " hosts of " + inv.file() + ", asked every "
                + refresh.toSeconds() + " s; Ctrl-C stops it)");
        out.flush();
        stopped.await();
        return 0;
    }
}
