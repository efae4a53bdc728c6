package com.speedy.push.ssh;

import com.speedy.process.LocalCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the test machine's own tools (ssh-keygen, ssh-add, useradd, ...) and fails loudly when they do. */
final class LocalCommands {
    private LocalCommands() {}

    static String run(String... argv) throws IOException, InterruptedException {
        return run(Map.of(), argv);
    }

    static String run(Map<String, String> environment, String... argv) throws IOException, InterruptedException {
        return LocalCommand.of(argv).withEnvironment(environment).withTimeout(Duration.ofSeconds(30)).run().orThrow()
                .stdoutText();
    }

    /** What the tests need of the machine: root (sshd as root, logins as root, a throwaway user) and the tools. */
    static void requireRootAndOpenSsh() throws IOException, InterruptedException {
        if (!run("id", "-u").strip().equals("0")) {
            throw new IllegalStateException("the ssh tests start their own sshd and need root; run them as root,"
                    + " as bin/setup and CI do");
        }
        for (String tool : List.of("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/ssh-agent", "/usr/bin/ssh-add",
                "/usr/bin/sudo")) {
            if (!new java.io.File(tool).canExecute()) {
                throw new IllegalStateException(tool + " is missing; run bin/setup (it installs openssh-server,"
                        + " openssh-client and sudo)");
            }
        }
    }

    /** ssh-keygen -lf FILE: "256 SHA256:... comment (ED25519)"; the fingerprint is the second word. */
    static String fingerprintOf(java.nio.file.Path publicKeyFile) throws IOException, InterruptedException {
        return Arrays.asList(run("ssh-keygen", "-lf", publicKeyFile.toString()).split(" ")).get(1);
    }

    static java.nio.file.Path newKey(java.nio.file.Path folder, String type, String name)
            throws IOException, InterruptedException {
        java.nio.file.Path key = folder.resolve(name);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString());
        return key;
    }
}
