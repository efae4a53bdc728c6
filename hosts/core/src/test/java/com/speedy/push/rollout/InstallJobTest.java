package com.speedy.push.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.ssh.ConnectionLostException;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.UnreachableHostException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install's ends that are not plain success or failure: another process holding the dpkg lock, and the connection
 * breaking while apt runs. With session doubles; PushIT does both on real hosts.
 */
class InstallJobTest {
    private static final String POLICY = "pushtest:\n  Installed: 1.0-1\n  Candidate: 1.1-1\n";
    private static final String WAITING = "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is"
            + " held by process 4242 (python3)...";

    private static final Host APP1 = host();

    @TempDir
    Path dir;

    private static Host host() {
        try {
            return ScriptedHost.host("app1");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @Test
    void whileAnotherProcessHoldsTheDpkgLockItSaysWhoAndAfterTheTimeoutNothingIsRolledBack() throws Exception {
        ScriptedHost host = planned().on("'apt-get' 'install'", 100, (WAITING + "\n").repeat(3),
                "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using"
                        + " it?\n");

        HostResult result = run(List.of(host).iterator(), Duration.ofSeconds(1));

        assertThat(progress).containsOnlyOnce("waiting for the dpkg lock, held by process 4242 (python3) (apt waits"
                + " up to its DPkg::Lock::Timeout)");
        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("the dpkg lock was held by process 4242 (python3) for more than 7 s;"
                + " apt gave up waiting and nothing changed (nothing rolled back)");
        assertThat(host.commands()).filteredOn(c -> c.contains("'install'") || c.contains("'remove'")).hasSize(1);
        assertThat(progress).noneMatch(p -> p.contains("rolling back"));
    }

    @Test
    void aConnectionLostWhileAptRanIsFoundChangedOnReconnectWhenDpkgShowsThePlannedVersions() throws Exception {
        ScriptedHost lost = planned().on("'apt-get' 'install'", command -> {
            throw new ConnectionLostException(APP1.name(), "running apt-get",
                    new IOException("Broken transport; encountered EOF"));
        });
        ScriptedHost again = new ScriptedHost().on("'dpkg-query'", 0, "pushtest\t1.1-1\tii \n", "");

        HostResult result = run(List.of(lost, again).iterator(), Duration.ofSeconds(10));

        assertThat(progress).anyMatch(p -> p.startsWith("connection lost while apt ran (") && p.contains("UNKNOWN"));
        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.CHANGED);
        assertThat(result.detail()).isEqualTo("pushtest 1.0-1 -> 1.1-1 (the connection was lost while apt ran; on"
                + " reconnecting, dpkg shows the planned versions)");
        assertThat(again.commands()).anyMatch(c -> c.startsWith("'lslocks'"));
        assertThat(lost.commands()).noneMatch(c -> c.contains("'remove'") || c.contains("pushtest=1.0-1"));
    }

    @Test
    void aConnectionLostWhileAptRanToAHostThatDoesNotComeBackIsUnknownWithWhatToRunNext() throws Exception {
        ScriptedHost lost = planned().on("'apt-get' 'install'", command -> {
            throw new ConnectionLostException(APP1.name(), "running apt-get",
                    new IOException("Broken transport; encountered EOF"));
        });

        HostResult result = run(List.<RemoteSession>of(lost).iterator(), Duration.ofSeconds(1));

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.UNKNOWN);
        assertThat(result.outcome().isFailure()).as("push exits non-zero").isTrue();
        assertThat(result.detail()).isEqualTo("UNKNOWN: the connection was lost while apt ran (pushtest 1.0-1 ->"
                + " 1.1-1) and app1 did not answer again within 1 s; when it is back, run push status app1, then push"
                + " the change again");
    }

    /** A host with pushtest 1.0-1 installed and 1.1-1 offered. */
    private static ScriptedHost planned() {
        return new ScriptedHost().on("'apt-cache' 'policy'", 0, POLICY, "");
    }

    /** Runs the upgrade on app1; each login takes the next session, and a login past the last finds the host down. */
    private HostResult run(Iterator<? extends RemoteSession> sessions, Duration reconnectWithin) throws Exception {
        PackageSpec pushtest = PackageSpec.parse("pushtest");
        SessionFactory logins = h -> {
            if (!sessions.hasNext()) {
                throw new UnreachableHostException(h.name(), h.address(), h.port(), "connection refused",
                        new ConnectException("refused"));
            }
            return sessions.next();
        };
        Rollout rollout = new Rollout(logins, (h, step) -> progress.add(step), new HostLogs(dir));
        return rollout.run(List.of(APP1), new RolloutOptions(1, 0, 0, false),
                new InstallJob(h -> List.of(pushtest), false, 7, reconnectWithin)).get(0);
    }
}
