package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.SshConnector;
import java.io.PrintWriter;

/** The one place the CLI wires the core to real SSH: host keys from the inventory's known_hosts, keys, the agent. */
final class Sessions {
    private Sessions() {}

    static Rollout rollout(Inventory inventory, HostLogs logs, PrintWriter out) {
        return new Rollout(SshConnector.fromEnvironment(inventory.ssh()), Summary.progress(out), logs);
    }
}
