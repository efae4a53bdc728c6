package com.speedy.push.ssh;

import com.jcraft.jsch.agentproxy.AgentProxy;
import com.jcraft.jsch.agentproxy.AgentProxyException;
import com.jcraft.jsch.agentproxy.Buffer;
import com.jcraft.jsch.agentproxy.Connector;
import com.jcraft.jsch.agentproxy.Identity;
import com.jcraft.jsch.agentproxy.connector.SSHAgentConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A running ssh-agent, reached through jsch-agent-proxy's connector. Signing asks for the signature algorithm
 * explicitly: jsch-agent-proxy's own {@code AgentProxy.sign} always sends flags 0, which makes the agent sign an RSA
 * key with SHA-1 ({@code ssh-rsa}), which OpenSSH 8.8 and later refuse.
 */
final class SshAgent {
    /** SSH_AGENT_RSA_SHA2_512: sign an RSA key as rsa-sha2-512 (draft-miller-ssh-agent, section 4.5.1) */
    static final int RSA_SHA2_512 = 4;

    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;

    record Key(byte[] blob, String comment) {
        /** The key's type, the first string of its wire form: {@code ssh-ed25519}, {@code ssh-rsa}, ... */
        String type() {
            int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
            return new String(blob, 4, length, StandardCharsets.US_ASCII);
        }
    }

    private final Path socket;
    private final Connector connector;

    private SshAgent(Path socket, Connector connector) {
        this.socket = socket;
        this.connector = connector;
    }

    /** Connects once to check that an agent answers at {@code socket}. */
    static SshAgent at(Path socket) throws IOException {
        try {
            return new SshAgent(socket, new SSHAgentConnector(new UnixSocketFactory(), socket.toString()));
        } catch (AgentProxyException e) {
            throw new IOException("no ssh-agent answers at " + socket + " (" + e.getMessage() + ")", e);
        }
    }

    Path socket() {
        return socket;
    }

    List<Key> keys() {
        return Arrays.stream(new AgentProxy(connector).getIdentities())
                .map(SshAgent::key)
                .toList();
    }

    private static Key key(Identity identity) {
        return new Key(identity.getBlob(), new String(identity.getComment(), StandardCharsets.UTF_8));
    }

    /** The agent's signature of {@code data} with {@code key}: a string of the algorithm's name, then the signature. */
    byte[] sign(Key key, byte[] data, int flags) throws IOException {
        byte[] blob = key.blob();
        int length = 1 + 4 + blob.length + 4 + data.length + 4;
        Buffer request = new Buffer(4 + length);
        request.putInt(length);
        request.putByte(SIGN_REQUEST);
        request.putString(blob);
        request.putString(data);
        request.putInt(flags);
        try {
            connector.query(request);
        } catch (AgentProxyException e) {
            throw new IOException("ssh-agent at " + socket + " did not answer: " + e.getMessage(), e);
        }
        int answer = request.getByte();
        if (answer != SIGN_RESPONSE) {
            throw new IOException("ssh-agent at " + socket + " refused to sign with " + key.type() + " key '"
                    + key.comment() + "' (answer " + answer + ")");
        }
        return request.getString();
    }
}
