package com.speedy.push.ssh;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The {@code publickey} login with one key held by ssh-agent. An RSA key is offered as {@code rsa-sha2-512} and the
 * agent asked for that signature (flag 4); other keys as their own type. (jsch-agent-proxy's sshj module names RSA keys
 * {@code ssh-rsa} and gets SHA-1 signatures, which OpenSSH 8.8 and later refuse.)
 */
final class AgentAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final SshAgent.Key key;
    private final String algorithm;
    private final int flags;

    AgentAuth(SshAgent agent, SshAgent.Key key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
        boolean rsa = key.type().equals("ssh-rsa");
        this.algorithm = rsa ? "rsa-sha2-512" : key.type();
        this.flags = rsa ? SshAgent.RSA_SHA2_512 : 0;
    }

    /** How a failed login names it: {@code agent key 'me@laptop' (ssh-rsa as rsa-sha2-512)}. */
    String description() {
        return "agent key '" + key.comment() + "' (" + key.type()
                + (algorithm.equals(key.type()) ? "" : " as " + algorithm) + ")";
    }

    /** First a query without signature; the server's PK_OK (message 60) asks for the signed request. */
    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
        if (message == Message.USERAUTH_60) {
            params.getTransport().write(signed(request(true)));
        } else {
            super.handle(message, packet);
        }
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm).putString(key.blob());
    }

    /** RFC 4252 section 7: the signature covers the session id and the request so far. */
    private SSHPacket signed(SSHPacket request) throws UserAuthException {
        byte[] data = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(request)
                .getCompactData();
        try {
            request.putString(agent.sign(key, data, flags));
        } catch (IOException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        return request;
    }
}
