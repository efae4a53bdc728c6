package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.KeptSessions;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshConnector;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/** The one place the CLI wires the core to real SSH: host keys from the inventory's known_hosts, keys, the agent. */
final class Sessions {
    private Sessions() {}

    static Rollout rollout(Inventory inventory, HostLogs logs, PrintWriter out) {
        return new Rollout(SshConnector.fromEnvironment(inventory.ssh()), Summary.progress(out), logs);
    }

    /** Sessions that stay open across the steps of one command; close them at its end. */
    static KeptSessions kept(Inventory inventory) {
        return new KeptSessions(SshConnector.fromEnvironment(inventory.ssh()));
    }

    static Rollout rollout(KeptSessions sessions, HostLogs logs, PrintWriter out) {
        return new Rollout(sessions, Summary.progress(out), logs);
    }

    /**
     * A rollout for a command that only reads (status, db alias show): no progress lines, and each host's log in the
     * system's temp folder, kept for a look all the same.
     */
    static Rollout quiet(Inventory inventory, String command) {
        return rollout(inventory, new HostLogs(Path.of(System.getProperty("java.io.tmpdir"), "push-" + command)),
                new PrintWriter(Writer.nullWriter()));
    }

    /**
     * Runs a job that changes hosts, with progress lines and a log folder per run, then prints the summary; returns
     * the exit code.
     */
    static int change(Inventory inventory, RolloutOptionsMixin rollout, String command, List<Host> hosts,
                      Rollout.HostJob<HostResult> job, PrintWriter out) throws InterruptedException {
        return change(SshConnector.fromEnvironment(inventory.ssh()), rollout, command, hosts, job, out);
    }

    /** {@link #change(Inventory, RolloutOptionsMixin, String, List, Rollout.HostJob, PrintWriter)}, logging in by
     * {@code sessions}. */
    static int change(SessionFactory sessions, RolloutOptionsMixin rollout, String command, List<Host> hosts,
                      Rollout.HostJob<HostResult> job, PrintWriter out) throws InterruptedException {
        HostLogs logs = rollout.logs(command);
        List<HostResult> results = new Rollout(sessions, Summary.progress(out), logs).run(hosts, rollout.options(),
                job);
        return Summary.print(out, results, logs.dir().toString());
    }
}
