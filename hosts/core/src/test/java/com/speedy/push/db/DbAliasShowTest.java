package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.ScriptedHost;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.sudo.RootScript;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The db lookup on a host is bounded, and a lookup that timed out is unknown: never "not set", never agreeing. */
class DbAliasShowTest {
    @TempDir
    Path dir;

    @Test
    void theLookupRunsUnderATimeoutAndATimedOutLookupIsUnknown() throws Exception {
        Host host = ScriptedHost.host("app1");
        ScriptedHost session = new ScriptedHost().on("getent ahosts", 124, "", "");

        HostResult result = ScriptedHost.runOn(host, session, DbAliasJobs.show(), dir, new ArrayList<>());

        assertThat(session.commands()).singleElement().asString()
                .isEqualTo(RemoteCommand.of(RootScript.RESOLVE.argv(Integer.toString(DbAliasJobs.LOOKUP_SECONDS), "db"))
                        .toShellString());
        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.UNKNOWN);
        assertThat(result.detail()).isEqualTo(DbAliasJobs.LOOKUP_TIMED_OUT);
    }

    @Test
    void anAnsweredLookupGivesTheAddress() throws Exception {
        ScriptedHost session = new ScriptedHost().on("getent", 0, "10.0.0.5      STREAM db\n10.0.0.5 DGRAM\n", "");

        HostResult result = ScriptedHost.runOn(ScriptedHost.host("app1"), session, DbAliasJobs.show(), dir,
                new ArrayList<>());

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.OK);
        assertThat(result.detail()).isEqualTo("10.0.0.5");
    }
}
