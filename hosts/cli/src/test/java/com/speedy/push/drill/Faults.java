package com.speedy.push.drill;

import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import java.io.IOException;

/** Injects a fault on a host and takes it away again, as the world would: a killed host boots, a link comes back. */
final class Faults {
    private static final String START_AS_A_REBOOT_WOULD = "systemctl reset-failed postgresql@15-main;"
            + " if grep -qx auto /etc/postgresql/15/main/start.conf; then systemctl start postgresql@15-main; fi";

    private final Testbed testbed;
    private final History history;

    Faults(Testbed testbed, History history) {
        this.testbed = testbed;
        this.history = history;
    }

    void inject(FaultKind kind, TestbedHost host, PushProcess push) throws IOException, InterruptedException {
        history.record("fault", kind + (kind == FaultKind.PUSH_KILLED ? "" : " on " + host.name()));
        switch (kind) {
            case HOST_KILLED -> testbed.kill(host.name());
            case POSTGRES_STOPPED -> host.exec("systemctl", "stop", "postgresql@15-main");
            case POSTMASTER_KILLED -> host.exec("sh", "-c",
                    "pid=$(head -1 /var/lib/postgresql/15/main/postmaster.pid 2>/dev/null) && kill -9 \"$pid\"");
            case LINK_DOWN -> testbed.link(host.name(), false);
            case PUSH_KILLED -> {
                if (push != null) {
                    push.kill();
                }
            }
        }
    }

    /** Takes the fault away; the caller waited for a link's outage and for push to stop. */
    void restore(FaultKind kind, TestbedHost host) throws IOException, InterruptedException {
        switch (kind) {
            case HOST_KILLED -> testbed.boot(host.name());
            case POSTGRES_STOPPED, POSTMASTER_KILLED -> host.exec("sh", "-c", START_AS_A_REBOOT_WOULD);
            case LINK_DOWN -> testbed.link(host.name(), true);
            case PUSH_KILLED -> {
                return;
            }
        }
        history.record("fault", kind + " on " + host.name() + " taken away");
    }
}
