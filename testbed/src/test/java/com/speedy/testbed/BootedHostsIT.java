package com.speedy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hosts themselves: booted, named, networked, reachable only with the right host key. */
@TestbedHosts({"host1", "host2"})
class BootedHostsIT {
    @Test
    void eachHostIsABootedDebianSystemWithItsOwnName(Testbed testbed) {
        for (TestbedHost host : testbed.hosts()) {
            assertThat(host.exec("hostname").orThrow().stdout().strip()).isEqualTo(host.name());
            String state = host.exec("systemctl", "is-system-running", "--wait").stdout().strip();
            assertThat(state).as("%s: failed units:\n%s\nerrors this boot:\n%s", host.name(),
                    host.exec("systemctl", "--failed", "--no-legend").stdout(),
                    host.exec("journalctl", "-b", "-p", "err", "--no-pager").stdout()).isEqualTo("running");
            assertThat(host.read("/etc/os-release")).contains("ID=debian");
            assertThat(host.exec("java", "-version").orThrow().stderr()).contains("17.");
        }
    }

    @Test
    void eachHostsSystemdManagesACgroupTreeOfItsOwn(Testbed testbed) {
        // Shared, two hosts' systemds create and remove the same unit cgroups: units fail at random with 219/CGROUP.
        if (!"nspawn".equals(Testbed.backendName())) {
            // A container engine's: each host's PID 1 in the engine's cgroup of that container, which the host sees.
            List<String> trees = testbed.hosts().stream().map(host -> host.read("/proc/1/cgroup").lines()
                    .filter(line -> line.contains(":name=systemd:") || line.startsWith("0::")).findFirst()
                    .orElseThrow()).toList();
            assertThat(trees).as("each host's systemd cgroup").doesNotHaveDuplicates()
                    .noneMatch(tree -> tree.endsWith(":/init.scope"));
            return;
        }
        for (TestbedHost host : testbed.hosts()) {
            assertThat(Stream.of("/sys/fs/cgroup/unified", "/sys/fs/cgroup")
                    .map(hierarchy -> Path.of(hierarchy, "speedy-testbed", host.name(), "payload", "init.scope"))
                    .filter(Files::isDirectory)).as(host.name()).hasSize(1);
        }
    }

    @Test
    void hostsReachEachOtherByNameAndEachHasItsOwnHostKey(Testbed testbed) {
        TestbedHost one = testbed.host("host1");
        TestbedHost two = testbed.host("host2");

        assertThat(one.exec("getent", "hosts", "host2").orThrow().stdout()).startsWith(two.address());
        assertThat(one.exec("bash", "-c", "echo > /dev/tcp/host2/22").exitStatus()).isZero();
        assertThat(one.read("/etc/ssh/ssh_host_ed25519_key.pub"))
                .isNotEqualTo(two.read("/etc/ssh/ssh_host_ed25519_key.pub"));
        assertThat(one.read("/etc/machine-id")).isNotEqualTo(two.read("/etc/machine-id"));
    }

    @Test
    void sshRefusesAHostWhoseKeyIsNotTheRecordedOne(Testbed testbed) throws Exception {
        TestbedHost one = testbed.host("host1");
        TestbedHost two = testbed.host("host2");
        Path knownHosts = Path.of(System.getProperty("java.io.tmpdir"), "testbed-wrong-known-hosts");
        // host1's address, recorded with host2's key: what a man in the middle would look like.
        Files.writeString(knownHosts, one.address() + " " + String.join(" ",
                List.of(two.read("/etc/ssh/ssh_host_ed25519_key.pub").split(" ")).subList(0, 2)) + "\n");
        Path key = Testbed.stateDir().resolve("ssh/id_ed25519");

        ProcessResult ssh = LocalCommand.of("ssh", "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "HostKeyAlgorithms=ssh-ed25519",
                "root@" + one.address(), "true").withStderrMerged().run();
        assertThat(ssh.exitStatus()).isEqualTo(255);
        assertThat(ssh.stdoutText()).contains("HOST IDENTIFICATION HAS CHANGED");
        Files.delete(knownHosts);
    }

    @Test
    void aNameNotInEtcHostsFailsAtOnce(Testbed testbed) {
        // With the name server debootstrap copied from this machine (unreachable from the bridge) this took about 10 s.
        for (TestbedHost host : testbed.hosts()) {
            ExecResult lookup = host.exec("bash", "-c", "started=$(date +%s%N); getent ahosts nosuchname;"
                    + " status=$?; echo \"$status $(( ($(date +%s%N) - started) / 1000000 ))\"");
            String[] statusAndMillis = lookup.stdout().strip().split(" ");
            assertThat(statusAndMillis[0]).as("%s: getent's exit status (2: not found)", host.name()).isEqualTo("2");
            assertThat(Long.parseLong(statusAndMillis[1])).as("%s: milliseconds getent took", host.name())
                    .isLessThan(1000);
        }
    }

    @Test
    void theHostsNeedNoInternetForTheirServices(Testbed testbed) {
        TestbedHost one = testbed.host("host1");
        for (String unit : List.of("postgresql", "nginx", "munin-node", "nagios-nrpe-server")) {
            assertThat(one.exec("systemctl", "cat", unit).exitStatus()).as(unit + " installed").isZero();
        }
        assertThat(one.exec("systemctl", "is-enabled", "apt-daily.timer").stdout().strip()).isEqualTo("masked");
        assertThat(one.exec("systemctl", "is-active", "postgresql@15-main").stdout().strip())
                .as("PostgreSQL runs only where a test starts it").isEqualTo("inactive");
        assertThat(one.read("/etc/postgresql/15/main/postgresql.conf")).containsPattern("(?m)^port = 5432\\s");
    }
}
