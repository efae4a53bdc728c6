package com.speedy.testbed;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;
import com.speedy.process.LocalCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ExecInContainerPattern;

/**
 * Hosts as systemd-booted containers of a Docker (or Podman) engine, driven through Testcontainers' client: each from
 * the image that {@code bin/testbed image} makes of the nspawn hosts' own base root, on a network of its own with the
 * same addresses (this machine is 10.213.7.1 on a bridge named spdtb0, the hosts .11 upwards), with its own hostname,
 * machine id and ssh host keys, made as it first boots. A killed host keeps its disk (the stopped container) for the
 * next {@link #up}. Testcontainers' Ryuk cannot be pulled where no registry is reachable: it is disabled, and
 * {@link #down} removes what the backend made, found by its label.
 */
final class DockerBackend implements TestbedBackend {
    private static final String LABEL = "com.speedy.testbed";
    private static final String NETWORK = "speedy-testbed";
    private static final String CONTAINER_PREFIX = "speedy-testbed-";
    private static final String NET = "10.213.7";
    private static final int FIRST_HOST_OCTET = 11;
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    private static final Duration BOOT_WAIT = Duration.ofSeconds(90);
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * The container's first process: Docker's own /etc/hosts, /etc/hostname and /etc/resolv.conf are mounts over the
     * image's files, which push could not replace (it renames a new file over the old); they are unmounted, and the
     * files written as bin/testbed's make_host writes them. Host keys and machine id are made at the first boot only.
     */
    private static final String BOOT = """
            set -e
            for f in /etc/hosts /etc/hostname /etc/resolv.conf; do umount "$f" 2>/dev/null || true; done
            echo "$TESTBED_NAME" >/etc/hostname
            printf '%s' "$TESTBED_RESOLV_CONF" >/etc/resolv.conf
            [ -s /etc/machine-id ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \\n' >/etc/machine-id
            if [ ! -f /etc/ssh/ssh_host_ed25519_key ]; then
                ssh-keygen -q -t rsa -b 3072 -N '' -C "root@$TESTBED_NAME" -f /etc/ssh/ssh_host_rsa_key
                ssh-keygen -q -t ed25519 -N '' -C "root@$TESTBED_NAME" -f /etc/ssh/ssh_host_ed25519_key
            fi
            install -d -m 700 /root/.ssh
            printf '%s\\n' "$TESTBED_AUTHORIZED_KEY" >/root/.ssh/authorized_keys
            chmod 600 /root/.ssh/authorized_keys
            exec /lib/systemd/systemd
            """;
    /** bin/testbed's RESOLV_CONF: no name server, so that a name not in /etc/hosts fails at once. */
    private static final String RESOLV_CONF = "# testbed: the hosts have no name server; a name not in /etc/hosts"
            + " fails at once.\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n";

    private final Path projectDir;
    private final Path state;
    private DockerClient docker;

    DockerBackend(Path projectDir) {
        this.projectDir = projectDir;
        this.state = Testbed.stateDir();
    }

    /** Why it cannot run on this machine, if it cannot. */
    static Optional<String> unavailableReason() {
        if (System.getenv("DOCKER_HOST") != null || engineAnswers()) {
            return Optional.empty();
        }
        if (isRoot() && Files.isExecutable(DOCKERD)) {
            return Optional.empty(); // started by up, stopped by down
        }
        return Optional.of("no Docker API answers at " + DEFAULT_SOCKET + " and DOCKER_HOST is not set (start Docker,"
                + " or Podman's socket: systemctl --user start podman.socket and DOCKER_HOST=unix://$XDG_RUNTIME_DIR"
                + "/podman/podman.sock)");
    }

    @Override
    public Map<String, TestbedHost> up(List<String> names) throws IOException, InterruptedException {
        ensureEngine();
        String image = LocalCommand.of(projectDir.resolve("bin/testbed").toString(), "image")
                .withTimeout(Duration.ofMinutes(30)).run().orThrow().stdoutText().strip();
        String publicKey = Files.readString(ensureKey().resolveSibling("id_ed25519.pub")).strip();
        ensureNetwork();
        Map<String, Container> existing = containers();
        List<String> booted = new ArrayList<>();
        for (String name : names) {
            Container container = existing.get(name);
            if (container != null && "running".equals(container.getState())) {
                continue;
            }
            String id = container != null ? container.getId() : create(name, image, publicKey, existing);
            docker.startContainerCmd(id).exec();
            booted.add(name);
            existing = containers();
        }
        Map<String, String> addresses = new TreeMap<>();
        existing.forEach((name, container) -> addresses.put(name, container.getLabels().get(LABEL + ".address")));
        Map<String, TestbedHost> hosts = new LinkedHashMap<>();
        StringBuilder knownHosts = new StringBuilder();
        for (Map.Entry<String, Container> host : existing.entrySet()) {
            String name = host.getKey();
            if (!running(name)) {
                continue;
            }
            writeEtcHosts(name, addresses);
            knownHosts.append(hostKeys(name, addresses.get(name)));
            hosts.put(name, new TestbedHost(name, addresses.get(name), key(), knownHosts(), this));
        }
        Path written = Files.writeString(knownHosts().resolveSibling("known_hosts.new"), knownHosts);
        Files.move(written, knownHosts(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        for (String name : booted) {
            awaitSsh(hosts.get(name));
        }
        return hosts;
    }

    @Override
    public void kill(String name) throws IOException, InterruptedException {
        docker.killContainerCmd(CONTAINER_PREFIX + name).exec();
        Instant deadline = Instant.now().plusSeconds(20);
        while (running(name)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(name + ": still running 20 s after docker kill");
            }
            Thread.sleep(100);
        }
    }

    /** systemd's poweroff signal (SIGTERM only makes it re-execute itself); a host still up after 20 s is killed. */
    @Override
    public void stop(List<String> names) throws IOException, InterruptedException {
        for (String name : names) {
            if (running(name)) {
                docker.killContainerCmd(CONTAINER_PREFIX + name).withSignal("SIGRTMIN+3").exec();
            }
        }
        Instant deadline = Instant.now().plusSeconds(20);
        for (String name : names) {
            while (running(name) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            if (running(name)) {
                kill(name);
            }
        }
    }

    /**
     * The cable at the bridge's end, as nspawn's: the host's veth on this machine, found by the index its eth0 names as
     * its peer (root only). Without root, eth0 itself inside the host, and its default route put back with it.
     */
    @Override
    public void link(String name, boolean plugged) throws IOException, InterruptedException {
        String state = plugged ? "up" : "down";
        if (!isRoot()) {
            execOrThrow(name, "sh", "-c", "ip link set eth0 " + state
                    + (plugged ? " && ip route replace default via " + NET + ".1" : ""));
            return;
        }
        String index = execOrThrow(name, "cat", "/sys/class/net/eth0/iflink").strip();
        String veth = LocalCommand.of("ip", "-o", "link", "show").run().orThrow().stdoutText().lines()
                .filter(line -> line.startsWith(index + ": ")).map(line -> line.split(": ")[1].split("@")[0])
                .findFirst().orElseThrow(() -> new IOException(name + ": no link with index " + index + " here"));
        LocalCommand.of("ip", "link", "set", veth, state).run().orThrow();
    }

    /** {@code docker exec} through the engine (the docker command, or Podman's docker-compatible one). */
    @Override
    public List<String> enter(String name) {
        return List.of("docker", "exec", "-i", CONTAINER_PREFIX + name);
    }

    @Override
    public void down() throws IOException, InterruptedException {
        if (docker != null || engineAnswersOrDockerHost()) {
            DockerClient client = docker != null ? docker : DockerClientFactory.instance().client();
            for (Container container : client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL, "host")).exec()) {
                client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
            for (Network network : client.listNetworksCmd().withNameFilter(NETWORK).exec()) {
                if (NETWORK.equals(network.getName())) {
                    client.removeNetworkCmd(network.getId()).exec();
                }
            }
        }
        Files.deleteIfExists(knownHosts());
        stopEngine();
    }

    private String create(String name, String image, String publicKey, Map<String, Container> existing) {
        String address = NET + "." + freeOctet(existing);
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withNetworkMode(NETWORK)
                .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN)
                .withSecurityOpts(List.of("seccomp=unconfined"))
                .withTmpFs(Map.of("/run", "", "/run/lock", ""))
                // Docker turns IPv6 off in a container; the hosts' daemons listen on :: as on a real host.
                .withSysctls(Map.of("net.ipv6.conf.all.disable_ipv6", "0", "net.ipv6.conf.default.disable_ipv6", "0"))
                .withBinds(new Bind("/sys/fs/cgroup", new Volume("/sys/fs/cgroup"), AccessMode.rw));
        return docker.createContainerCmd(image)
                .withName(CONTAINER_PREFIX + name)
                .withHostName(name)
                .withIpv4Address(address)
                .withLabels(Map.of(LABEL, "host", LABEL + ".name", name, LABEL + ".address", address))
                .withEnv("container=docker", "TESTBED_NAME=" + name, "TESTBED_RESOLV_CONF=" + RESOLV_CONF,
                        "TESTBED_AUTHORIZED_KEY=" + publicKey)
                .withEntrypoint("/bin/sh", "-c", BOOT, "testbed-boot")
                .withStopSignal("SIGRTMIN+3")
                .withHostConfig(hostConfig)
                .exec().getId();
    }

    private static int freeOctet(Map<String, Container> existing) {
        List<String> used = existing.values().stream().map(c -> c.getLabels().get(LABEL + ".address")).toList();
        for (int octet = FIRST_HOST_OCTET; octet < 250; octet++) {
            if (!used.contains(NET + "." + octet)) {
                return octet;
            }
        }
        throw new IllegalStateException("no free address left on " + NET + ".0/24");
    }

    /** Every testbed container, running or stopped, by host name. */
    private Map<String, Container> containers() {
        Map<String, Container> byName = new TreeMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, "host")).exec()) {
            byName.put(container.getLabels().get(LABEL + ".name"), container);
        }
        return byName;
    }

    private boolean running(String name) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(CONTAINER_PREFIX + name).exec().getState()
                    .getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** bin/testbed's write_etc_hosts: its block names every host; lines a test or push added are kept. */
    private void writeEtcHosts(String name, Map<String, String> addresses) throws IOException, InterruptedException {
        StringBuilder block = new StringBuilder("# testbed: begin\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n" + NET + ".1\ttestbed-gateway\n");
        addresses.forEach((host, address) -> block.append(address).append('\t').append(host).append('\n'));
        block.append("# testbed: end\n");
        awaitExec(name, "sh", "-c", "{ printf '%s' \"$1\"; sed '/^# testbed: begin$/,/^# testbed: end$/d' /etc/hosts; }"
                + " >/etc/hosts.new && mv /etc/hosts.new /etc/hosts", "_", block.toString());
    }

    /** known_hosts lines from the host's own key files, read through the engine, never from what answers ssh. */
    private String hostKeys(String name, String address) throws IOException, InterruptedException {
        String keys = awaitExec(name, "cat", "/etc/ssh/ssh_host_ed25519_key.pub", "/etc/ssh/ssh_host_rsa_key.pub");
        StringBuilder lines = new StringBuilder();
        keys.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] words = line.split(" ");
            lines.append(address).append(' ').append(words[0]).append(' ').append(words[1]).append('\n');
        });
        return lines.toString();
    }

    /** An exec that the booting host may not be ready for yet (its first boot makes keys): tried until it succeeds. */
    private String awaitExec(String name, String... argv) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOOT_WAIT);
        while (true) {
            try {
                return execOrThrow(name, argv);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !running(name)) {
                    throw new IOException(e.getMessage() + "; its console: docker logs " + CONTAINER_PREFIX + name, e);
                }
                Thread.sleep(200);
            }
        }
    }

    private String execOrThrow(String name, String... argv) throws IOException, InterruptedException {
        InspectContainerResponse container = docker.inspectContainerCmd(CONTAINER_PREFIX + name).exec();
        List<String> words = new ArrayList<>(List.of("env", "-i", PATH));
        words.addAll(List.of(argv));
        var result = ExecInContainerPattern.execInContainer(docker, container, words.toArray(String[]::new));
        if (result.getExitCode() != 0) {
            throw new IOException(name + ": `" + String.join(" ", argv) + "` exited " + result.getExitCode() + ": "
                    + result.getStderr().strip());
        }
        return result.getStdout();
    }

    private void awaitSsh(TestbedHost host) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOOT_WAIT);
        while (true) {
            try {
                if (host.exec("true").exitStatus() == 0) {
                    return;
                }
            } catch (AssertionError | UncheckedIOException e) {
                // not up yet
            }
            if (Instant.now().isAfter(deadline) || !running(host.name())) {
                throw new IOException(host.name() + " did not accept ssh within " + BOOT_WAIT.toSeconds()
                        + " s; its console: docker logs " + CONTAINER_PREFIX + host.name());
            }
            Thread.sleep(500);
        }
    }

    /**
     * The network with nspawn's addresses, its bridge named as nspawn's. It cannot be made while the nspawn testbed's
     * own bridge is up.
     */
    private void ensureNetwork() throws IOException {
        boolean exists = docker.listNetworksCmd().withNameFilter(NETWORK).exec().stream()
                .anyMatch(network -> NETWORK.equals(network.getName()));
        if (exists) {
            return;
        }
        if (Files.exists(Path.of("/sys/class/net/spdtb0"))) {
            throw new IOException("the bridge spdtb0 is up, with no " + NETWORK + " network on it: the nspawn testbed"
                    + " is running (bin/testbed down first)");
        }
        docker.createNetworkCmd().withName(NETWORK).withDriver("bridge")
                .withLabels(Map.of(LABEL, "network"))
                .withOptions(Map.of("com.docker.network.bridge.name", "spdtb0"))
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                        .withSubnet(NET + ".0/24").withGateway(NET + ".1")))
                .exec();
    }

    /** testbed's own key, which every host accepts for root: the nspawn testbed's, or made as it makes it. */
    private Path ensureKey() throws IOException, InterruptedException {
        Path key = key();
        if (!Files.exists(key)) {
            Files.createDirectories(key.getParent());
            LocalCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "testbed", "-f", key.toString())
                    .run().orThrow();
        }
        return key;
    }

    private Path key() {
        return state.resolve("ssh/id_ed25519");
    }

    private Path knownHosts() {
        return state.resolve("known_hosts");
    }

    /**
     * The engine: Testcontainers' client for the one that answers; as root with none answering, a dockerd started
     * here (its pid kept in the state folder, so that {@link #down}, even another run's, stops it).
     */
    private void ensureEngine() throws IOException, InterruptedException {
        if (docker != null) {
            return;
        }
        if (!engineAnswersOrDockerHost()) {
            Optional<String> reason = unavailableReason();
            if (reason.isPresent()) {
                throw new IOException(reason.get());
            }
            startEngine();
        }
        docker = DockerClientFactory.instance().client();
    }

    private void startEngine() throws IOException, InterruptedException {
        Files.createDirectories(state);
        // No iptables rules, no forwarding turned on, no default bridge: the hosts are on their own network, and talk
        // to this machine and each other only, as with nspawn.
        Process dockerd = new ProcessBuilder(DOCKERD.toString(), "--iptables=false", "--ip-masq=false",
                "--ip-forward=false", "--bridge=none")
                .redirectErrorStream(true).redirectOutput(state.resolve("dockerd.log").toFile()).start();
        Files.writeString(state.resolve("dockerd.pid"), Long.toString(dockerd.pid()));
        Instant deadline = Instant.now().plusSeconds(60);
        while (!engineAnswers()) {
            if (!dockerd.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IOException("dockerd did not answer at " + DEFAULT_SOCKET + " within 60 s; see "
                        + state.resolve("dockerd.log"));
            }
            Thread.sleep(200);
        }
    }

    /** Stops the dockerd that {@link #startEngine} started, if one runs. */
    private void stopEngine() throws IOException, InterruptedException {
        Path pidFile = state.resolve("dockerd.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> dockerd = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("dockerd")).orElse(false));
        if (dockerd.isPresent()) {
            dockerd.get().destroy();
            try {
                dockerd.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                dockerd.get().destroyForcibly();
            }
        }
        Files.delete(pidFile);
        docker = null;
    }

    private static boolean engineAnswersOrDockerHost() {
        return System.getenv("DOCKER_HOST") != null || engineAnswers();
    }

    /** Whether the engine at the default socket answers its ping; never cached, unlike Testcontainers' own check. */
    private static boolean engineAnswers() {
        if (!Files.exists(DEFAULT_SOCKET)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(DEFAULT_SOCKET))) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return answer.matches("HTTP/1\\.[01] 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
