package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One login per host across a command's steps; a session that broke is replaced, and all are closed at the end. */
class KeptSessionsTest {
    private final List<String> events = new ArrayList<>();

    @Test
    void aHostIsLoggedInToOnceForManyStepsAndLoggedOutOfAtTheEnd() throws Exception {
        Host db1 = host("db1");
        try (KeptSessions kept = new KeptSessions(this::open)) {
            for (int step = 0; step < 3; step++) {
                try (RemoteSession session = kept.open(db1)) {
                    session.run(RemoteCommand.of(List.of("true")));
                }
            }
            assertThat(events).containsExactly("open db1 #1", "run #1", "run #1", "run #1");
        }
        assertThat(events).endsWith("close #1");
    }

    @Test
    void aSessionThatBrokeIsDroppedAndTheNextStepLogsInAgain() throws Exception {
        Host db1 = host("db1");
        try (KeptSessions kept = new KeptSessions(this::open)) {
            RemoteSession first = kept.open(db1);
            assertThatThrownBy(() -> first.run(RemoteCommand.of(List.of("break"))))
                    .isInstanceOf(ConnectionLostException.class);
            kept.open(db1).run(RemoteCommand.of(List.of("true")));
        }
        assertThat(events).containsExactly("open db1 #1", "close #1", "open db1 #2", "run #2", "close #2");
    }

    private RemoteSession open(Host host) {
        int number = (int) events.stream().filter(e -> e.startsWith("open")).count() + 1;
        events.add("open " + host.name() + " #" + number);
        return new RemoteSession() {
            @Override
            public CommandResult run(RemoteCommand command) throws SshException {
                if (command.argv().contains("break")) {
                    throw new ConnectionLostException(host.name(), "running break", new java.io.IOException("reset"));
                }
                events.add("run #" + number);
                return new CommandResult(0, new byte[0], new byte[0]);
            }

            @Override
            public void upload(byte[] content, String remotePath, String mode, String owner) {
                events.add("upload #" + number);
            }

            @Override
            public void close() {
                events.add("close #" + number);
            }
        };
    }

    private static Host host(String name) throws Exception {
        return new Host(HostName.parse(name), "10.0.0.1", 22, "root", List.of(), Optional.empty(), Optional.empty(),
                List.of());
    }
}
