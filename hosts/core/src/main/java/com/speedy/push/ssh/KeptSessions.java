package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each host's session open across the rollouts of one command (a switchover's steps), so that each host is
 * connected to and logged in to once rather than once a step. A session whose command or upload failed at the SSH
 * level is dropped, and the next step connects afresh. Closing this logs out of every host.
 */
public final class KeptSessions implements SessionFactory, AutoCloseable {
    private final SessionFactory sessions;
    private final Map<Host, RemoteSession> open = new ConcurrentHashMap<>();

    public KeptSessions(SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public RemoteSession open(Host host) throws SshException, InterruptedException {
        RemoteSession session = open.get(host);
        if (session == null) {
            session = sessions.open(host);
            open.put(host, session);
        }
        RemoteSession kept = session;
        return new RemoteSession() {
            @Override
            public Optional<String> loginUser() {
                return kept.loginUser();
            }

            @Override
            public CommandResult run(RemoteCommand command) throws SshException, InterruptedException {
                try {
                    return kept.run(command);
                } catch (SshException e) {
                    drop(host, kept);
                    throw e;
                }
            }

            @Override
            public CommandResult run(RemoteCommand command, OutputLines lines) throws SshException,
                    InterruptedException {
                try {
                    return kept.run(command, lines);
                } catch (SshException e) {
                    drop(host, kept);
                    throw e;
                }
            }

            @Override
            public void upload(byte[] content, String remotePath, String mode, String owner) throws SshException,
                    InterruptedException {
                try {
                    kept.upload(content, remotePath, mode, owner);
                } catch (SshException e) {
                    drop(host, kept);
                    throw e;
                }
            }

            @Override
            public void close() {
                // Kept for the next step; closed with the KeptSessions.
            }
        };
    }

    private void drop(Host host, RemoteSession session) {
        if (open.remove(host, session)) {
            session.close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(RemoteSession::close);
        open.clear();
    }
}
