package com.speedy.push.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Repository;
import com.speedy.debian.Suite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apt-source compares before it writes: a host already set up is "unchanged", one that differs is written. */
class AptSourceJobTest {
    private static final URI URL = URI.create("http://apt.speedy.example/");
    private static final byte[] KEYRING = {1, 2, 3, (byte) 0xff};

    @TempDir
    Path dir;

    @Test
    void aHostWhoseSourceAndKeyringAreByteIdenticalIsUnchangedAndNothingIsWritten() throws Exception {
        Host host = host();
        ScriptedHost session = new ScriptedHost()
                .on("'sha256sum' '--' '" + AptCommands.KEYRING, 0, sha256(KEYRING) + "  " + AptCommands.KEYRING + "\n", "")
                .on("'sha256sum' '--' '" + AptCommands.SOURCES, 0, sha256(sources()) + "  " + AptCommands.SOURCES + "\n", "");

        HostResult result = ScriptedHost.runOn(host, session, job(), dir, new ArrayList<>());

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.OK);
        assertThat(result.detail()).isEqualTo("unchanged: source " + URL + " dev");
        assertThat(session.uploads()).isEmpty();
        assertThat(session.commands()).anyMatch(c -> c.contains("apt-get") && c.contains("update"));
    }

    @Test
    void aHostWhoseSourceDiffersOrIsMissingIsWrittenAndChanged() throws Exception {
        Host host = host();
        ScriptedHost differs = new ScriptedHost()
                .on("'sha256sum' '--' '" + AptCommands.KEYRING, 0, sha256(KEYRING) + "  " + AptCommands.KEYRING + "\n", "")
                .on("'sha256sum' '--' '" + AptCommands.SOURCES, 0, sha256(new byte[] {9}) + "  x\n", "");
        ScriptedHost missing = new ScriptedHost().on("sha256sum", 1, "", "sha256sum: No such file or directory\n");

        for (ScriptedHost session : List.of(differs, missing)) {
            HostResult result = ScriptedHost.runOn(host, session, job(), dir, new ArrayList<>());

            assertThat(result.outcome()).isEqualTo(HostResult.Outcome.CHANGED);
            assertThat(session.uploads()).containsExactly(AptCommands.KEYRING, AptCommands.SOURCES);
        }
    }

    private static AptSourceJob job() {
        return new AptSourceJob(new Repository(URL, Optional.of(suite()), Path.of("/k.gpg")), KEYRING);
    }

    private static Host host() throws Exception {
        return new Host(HostName.parse("app1"), "10.0.0.1", 22, "root", List.of(), Optional.empty(),
                Optional.of(suite()), List.of());
    }

    private static Suite suite() {
        try {
            return Suite.parse("dev");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sources() {
        return AptCommands.sourcesFile(URL, suite()).getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
