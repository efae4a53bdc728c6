package com.speedy.push.ssh;

import com.speedy.push.inventory.Bastion;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.SshSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Logs in to hosts with sshj as the inventory's {@code ssh} settings say: host keys checked against its known_hosts
 * file, its key files and (if it allows) ssh-agent's keys offered, everything up to a logged-in session within its
 * connect timeout, keepalives every {@value #KEEPALIVE_SECONDS} s, and each command within its command timeout. Each
 * {@link #open} makes a client of its own: one per host and thread. A host behind a bastion ({@code jump}) is reached
 * as OpenSSH's ProxyJump does: push logs in to the bastion (same keys, its key checked under its own address), opens a
 * direct-tcpip channel from there to the host and runs SSH over it (the host's key checked under the host's address).
 * The hosts behind one bastion share its connection while any of their sessions is open.
 */
public final class SshConnector implements SessionFactory {
    static final int KEEPALIVE_SECONDS = 5;
    /** unanswered keepalives before the connection counts as lost */
    static final int KEEPALIVE_MISSES = 3;

    private final SshSettings settings;
    private final Optional<Path> agentSocket;
    private final BastionConnections bastions = new BastionConnections();

    /**
     * @param agentSocket ssh-agent's socket, used when the settings allow the agent; {@link #fromEnvironment} takes
     *     {@code $SSH_AUTH_SOCK}
     */
    public SshConnector(SshSettings settings, Optional<Path> agentSocket) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.agentSocket = Objects.requireNonNull(agentSocket, "agentSocket");
    }

    public static SshConnector fromEnvironment(SshSettings settings) {
        return new SshConnector(settings, Optional.ofNullable(System.getenv("SSH_AUTH_SOCK"))
                .filter(s -> !s.isEmpty()).map(Path::of));
    }

    @Override
    public RemoteSession open(Host host) throws SshException, InterruptedException {
        if (host.bastion().isEmpty()) {
            return new SshjSession(host, logIn(Hop.direct(host), Optional.empty()), settings.commandTimeout(),
                    () -> { });
        }
        Bastion bastion = host.bastion().get();
        Hop target = Hop.target(host, bastion);
        BastionConnections.Lease lease = bastions.lease(bastion,
                () -> logIn(Hop.bastion(host, bastion), Optional.empty()));
        Optional<DirectConnection> channel = Optional.empty();
        boolean handedOver = false;
        try {
            try {
                channel = Optional.of(lease.client().newDirectConnection(host.address(), host.port()));
            } catch (IOException e) {
                throw new UnreachableHostException(host.name(), target.where(), host.address(), host.port(),
                        "the bastion opened no connection to it (" + e.getMessage() + ")", e);
            }
            SSHClient client = logIn(target, channel);
            DirectConnection through = channel.get();
            handedOver = true;
            return new SshjSession(host, client, settings.commandTimeout(), () -> {
                closeQuietly(through);
                lease.release();
            });
        } finally {
            if (!handedOver) {
                channel.ifPresent(SshConnector::closeQuietly);
                lease.release();
            }
        }
    }

    /** How many bastions this connector is logged in to now. */
    int bastionConnections() {
        return bastions.connections();
    }

    /** Where one hop logs in, and how its failures name it: the host, or which hop on the way through a bastion. */
    record Hop(HostName host, String where, String user, String address, int port) {
        static Hop direct(Host host) {
            return new Hop(host.name(), host.name().toString(), host.user(), host.address(), host.port());
        }

        static Hop bastion(Host host, Bastion bastion) {
            return new Hop(host.name(), "bastion " + bastion, bastion.user(), bastion.address(), bastion.port());
        }

        static Hop target(Host host, Bastion bastion) {
            return new Hop(host.name(), host.name() + " via bastion " + bastion, host.user(), host.address(),
                    host.port());
        }
    }

    /** A client logged in at {@code hop}: connected directly, or over {@code channel}, a bastion's. */
    private SSHClient logIn(Hop hop, Optional<DirectConnection> channel) throws SshException {
        KnownHosts knownHosts;
        try {
            knownHosts = KnownHosts.readFor(settings.knownHosts(), hop.address(), hop.port());
        } catch (IOException e) {
            throw new KnownHostsUnreadableException(hop.host(), settings.knownHosts(), e);
        }
        PolicyVerifier verifier = new PolicyVerifier(knownHosts);
        SSHClient client = newClient(settings.connectTimeout());
        client.addHostKeyVerifier(verifier);

        Deadline deadline = Deadline.start(client, settings.connectTimeout());
        boolean loggedIn = false;
        try {
            connect(client, hop, channel, verifier, knownHosts, deadline);
            authenticate(client, hop, deadline);
            if (!deadline.settle()) {
                throw deadline.expired(hop, null);
            }
            loggedIn = true;
            return client;
        } finally {
            if (!loggedIn) {
                deadline.settle();
                closeQuietly(client);
            }
        }
    }

    /** A client whose every wait during connecting is bounded, and which notices a dead peer by its keepalives. */
    static SSHClient newClient(Duration connectTimeout) {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        int millis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        client.setConnectTimeout(millis);
        client.setTimeout(millis); // the socket's read timeout: bounds waiting for the server's greeting
        client.getTransport().setTimeoutMs(millis); // key exchange and login
        client.getConnection().setTimeoutMs(millis); // opening and closing channels
        KeepAliveRunner keepAlive = (KeepAliveRunner) client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(KEEPALIVE_SECONDS);
        keepAlive.setMaxAliveCount(KEEPALIVE_MISSES);
        return client;
    }

    /** Over a bastion's channel, sshj checks the key the host offers under the channel's address and port. */
    private void connect(SSHClient client, Hop hop, Optional<DirectConnection> channel, PolicyVerifier verifier,
            KnownHosts knownHosts, Deadline deadline) throws SshException {
        try {
            if (channel.isPresent()) {
                client.connectVia(channel.get());
            } else {
                client.connect(hop.address(), hop.port());
            }
        } catch (IOException e) {
            Optional<PolicyVerifier.Refusal> refusal = verifier.refusal();
            if (refusal.isPresent()) {
                throw hostKeyRefused(hop, refusal.get(), knownHosts.file());
            }
            if (deadline.hasExpired()) {
                throw deadline.expired(hop, e);
            }
            throw new UnreachableHostException(hop.host(), hop.where(), hop.address(), hop.port(), reason(e), e);
        }
    }

    static HostKeyException hostKeyRefused(Hop hop, PolicyVerifier.Refusal refusal, Path knownHosts) {
        String type = Fingerprint.type(refusal.offered());
        String fingerprint = Fingerprint.sha256(refusal.offered());
        return switch (refusal.verdict()) {
            case UNKNOWN -> new UnknownHostKeyException(hop.host(), hop.where(), hop.address(), hop.port(), type,
                    fingerprint, knownHosts);
            case CHANGED -> new ChangedHostKeyException(hop.host(), hop.where(), hop.address(), hop.port(), type,
                    fingerprint, knownHosts);
            case KNOWN -> throw new IllegalStateException("a known key is never refused");
        };
    }

    /** Why a connection failed, in words: the cause that says most. */
    static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (nothing listens on that port)";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host name";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer in time (for an SSH server's greeting, if the connection was made)";
            }
        }
        return "the SSH handshake failed: " + e.getMessage();
    }

    private static String formatName(KeyFormat format) {
        return switch (format) {
            case PKCS8, OpenSSH -> "PEM format";
            case PuTTY -> "PuTTY's format";
            default -> "a format sshj does not know";
        };
    }

    private void authenticate(SSHClient client, Hop hop, Deadline deadline) throws SshException {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        for (Path file : settings.keys()) {
            try {
                KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
                if (format != KeyFormat.OpenSSHv1) {
                    // sshj reads the others with Bouncy Castle, which push leaves out (see hosts/pom.xml)
                    offered.add("key file " + file + ": in " + formatName(format) + ", not OpenSSH's own format, the"
                            + " one push reads; convert it with: ssh-keygen -p -f " + file);
                    continue;
                }
                KeyProvider key = client.loadKeys(file.toString());
                methods.add(new AuthPublickey(key));
                offered.add("key file " + file + " (" + key.getType() + ")");
            } catch (IOException e) {
                offered.add("key file " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        if (settings.agent()) {
            offerAgentKeys(methods, offered);
        }
        if (methods.isEmpty()) {
            throw new AuthenticationException(hop.host(), hop.where(), hop.user(), "no key to log in with", offered,
                    null);
        }
        try {
            client.auth(hop.user(), methods);
        } catch (UserAuthException e) {
            if (deadline.hasExpired()) {
                throw deadline.expired(hop, e);
            }
            throw new AuthenticationException(hop.host(), hop.where(), hop.user(), hop.user() + "@" + hop.address()
                    + " accepted none of the keys" + causes(e), offered, e);
        } catch (TransportException e) {
            if (deadline.hasExpired()) {
                throw deadline.expired(hop, e);
            }
            throw new AuthenticationException(hop.host(), hop.where(), hop.user(), "the connection failed while"
                    + " logging in as " + hop.user() + ": " + e.getMessage(), offered, e);
        }
    }

    private void offerAgentKeys(List<AuthMethod> methods, List<String> offered) {
        if (agentSocket.isEmpty()) {
            offered.add("ssh-agent: none (SSH_AUTH_SOCK is not set)");
            return;
        }
        try {
            SshAgent agent = SshAgent.at(agentSocket.get());
            List<SshAgent.Key> keys = agent.keys();
            if (keys.isEmpty()) {
                offered.add("ssh-agent at " + agent.socket() + ": holds no keys (ssh-add adds one)");
            }
            for (SshAgent.Key key : keys) {
                AgentAuth auth = new AgentAuth(agent, key);
                methods.add(auth);
                offered.add(auth.description());
            }
        } catch (IOException e) {
            offered.add("ssh-agent: " + e.getMessage());
        }
    }

    /** sshj keeps the last method's failure as the cause; a key that was simply refused leaves none. */
    private static String causes(UserAuthException e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(t.getMessage());
            }
        }
        return messages.isEmpty() ? "" : " (" + String.join(": ", messages) + ")";
    }

    static void closeQuietly(DirectConnection channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            // the bastion's connection may be gone already
        }
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            // logging out of a broken connection: nothing left to do
        }
    }

    /**
     * The connect timeout over all of connecting, the handshake and login together: when it passes first, the socket
     * is closed under whatever waits. Whoever settles first wins: the login, or the timer.
     */
    static final class Deadline {
        private final Duration timeout;
        private final long startedNanos = System.nanoTime();
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean expired = new AtomicBoolean();

        private Deadline(Duration timeout) {
            this.timeout = timeout;
        }

        static Deadline start(SSHClient client, Duration timeout) {
            Deadline deadline = new Deadline(timeout);
            CompletableFuture.runAsync(() -> {
                if (deadline.settled.compareAndSet(false, true)) {
                    deadline.expired.set(true);
                    Socket socket = client.getSocket();
                    try {
                        if (socket != null) {
                            socket.close();
                        }
                    } catch (IOException e) {
                        // closing is all we wanted
                    }
                    closeQuietly(client);
                }
            }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
            return deadline;
        }

        /** True if the caller settled it (the timer had not fired yet). */
        boolean settle() {
            return settled.compareAndSet(false, true);
        }

        /**
         * True once the timer fired, or the time is up: sshj's own socket and handshake timeouts are the same length and
         * may fire a moment before the timer does ("Timeout expired: 1000 MILLISECONDS"); that is this timeout too.
         */
        boolean hasExpired() {
            return expired.get() || System.nanoTime() - startedNanos >= timeout.toNanos();
        }

        UnreachableHostException expired(Host host, Throwable cause) {
            return expired(Hop.direct(host), cause);
        }

        UnreachableHostException expired(Hop hop, Throwable cause) {
            return new UnreachableHostException(hop.host(), hop.where(), hop.address(), hop.port(),
                    "could not connect and log in within " + SshException.text(timeout), cause);
        }
    }
}
