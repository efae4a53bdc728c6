package com.speedy.push.apt;

import com.speedy.debian.Suite;
import com.speedy.process.LocalCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** push reads what dpkg-query and apt-cache print: checked on this machine's own, real dpkg and apt. */
class AptOutputsTest {
    @Test
    void installedReadsTheRealDpkgQueryAndLeavesOutWhatIsNotInstalled() throws Exception {
        String output = run(AptCommands.installed(List.of("dpkg", "bash", "no-such-package-here")));
        Installed installed = Installed.parse(output);

        assertThat(installed.version("dpkg")).contains(run(List.of("dpkg-query", "-W", "-f=${Version}", "dpkg")));
        assertThat(installed.get("bash")).hasValueSatisfying(p -> assertThat(p.status()).isEqualTo("ii"));
        assertThat(installed.version("no-such-package-here")).isEmpty();
    }

    @Test
    void policyTellsTheInstalledVersionAsDpkgDoes() throws Exception {
        String policy = run(AptCommands.candidates(List.of("dpkg", "no-such-package-here")));

        assertThat(Installed.fromPolicy(policy).version("dpkg"))
                .contains(run(List.of("dpkg-query", "-W", "-f=${Version}", "dpkg")));
        assertThat(Installed.fromPolicy(policy).version("no-such-package-here")).isEmpty();
    }

    @Test
    void candidatesReadTheRealAptCachePolicyAndANoneCandidateIsAbsent() throws Exception {
        Candidates candidates = Candidates.parse(run(AptCommands.candidates(List.of("dpkg", "no-such-package-here"))));

        String dpkgCandidate = run(List.of("sh", "-c", "LC_ALL=C apt-cache policy dpkg | awk '/Candidate:/ {print $2}'"))
                .strip();
        assertThat(candidates.version("dpkg")).contains(dpkgCandidate);
        assertThat(candidates.version("no-such-package-here")).isEmpty();
        assertThat(Candidates.parse("speedy-app:\n  Installed: (none)\n  Candidate: (none)\n").version("speedy-app"))
                .isEmpty();
    }

    @Test
    void theSourceEntryIsDeb822WithSignedByTheHostsKeyring() throws Exception {
        String entry = AptCommands.sourcesFile(java.net.URI.create("http://10.213.7.1:8000/"),
                com.speedy.debian.Suite.parse("dev"));

        assertThat(entry).isEqualTo("Types: deb\nURIs: http://10.213.7.1:8000/\nSuites: dev\nComponents: main\n"
                + "Signed-By: /etc/apt/keyrings/speedy.gpg\n");
    }

    @Test
    void aptCommandsRunNonInteractivelyKeepingEditedConffilesAndWaitingForTheDpkgLock() {
        assertThat(AptCommands.install(List.of("speedy-app=1.0-1"), false)).startsWith("env", "LC_ALL=C",
                "DEBIAN_FRONTEND=noninteractive").contains("Dpkg::Options::=--force-confold",
                "DPkg::Lock::Timeout=120", "--allow-downgrades").endsWith("speedy-app=1.0-1");
        assertThat(AptCommands.install(List.of("speedy-app"), true)).contains("--simulate");
        assertThat(AptOutput.listsLockBusy("E: Could not get lock /var/lib/apt/lists/lock. It is held by process 42"))
                .isTrue();
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        return LocalCommand.of(argv).run().stdoutText();
    }
}
