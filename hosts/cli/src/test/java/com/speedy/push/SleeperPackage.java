package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.repo.cli.RepoTool;
import com.speedy.testbed.TestbedHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A small package with a systemd service that sleeps, built with dpkg-deb and published with repo-tool. */
final class SleeperPackage {
    private SleeperPackage() {}

    /** A repository in {@code repo} for suite dev, amd64, with its signing key. */
    static void initRepository(Path repo) {
        assertThat(RepoTool.commandLine().execute("init", repo.toString(), "--suite", "dev", "--arch", "amd64"))
                .isZero();
        assertThat(RepoTool.commandLine().execute("key", "generate", "-r", repo.toString())).isZero();
    }

    /** Builds {@code name_VERSION} in {@code dir} and publishes it into {@code repo}'s dev; postinst starts with
     * {@code postinstFirst}. */
    static void publish(Path dir, Path repo, String name, String version, String postinstFirst) throws Exception {
        Path build = Files.createTempDirectory(dir, "build-");
        Files.createDirectories(build.resolve("DEBIAN"));
        Files.createDirectories(build.resolve("lib/systemd/system"));
        Files.writeString(build.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: Test <test@speedy.example>\nDescription: push's test package\n"
                + " a service that sleeps\n");
        Files.writeString(build.resolve("lib/systemd/system/" + name + ".service"),
                "[Unit]\nDescription=push test\n[Service]\nExecStart=/bin/sleep infinity\n"
                        + "[Install]\nWantedBy=multi-user.target\n");
        script(build, "postinst", postinstFirst
                + "systemctl daemon-reload\nsystemctl enable " + name + ".service\nsystemctl restart " + name
                + ".service\n");
        script(build, "prerm", "systemctl stop " + name + ".service || true\n");
        script(build, "postrm", "systemctl daemon-reload || true\n");
        Path deb = dir.resolve(name + "_" + version + "_all.deb");
        LocalCommand.of("dpkg-deb", "--root-owner-group", "--build", build.toString(), deb.toString()).run().orThrow();
        assertThat(RepoTool.commandLine().execute("publish", "-r", repo.toString(), "--suite", "dev", deb.toString()))
                .isZero();
    }

    /** Each host as before any test: {@code name} purged, push's source entry, keyring and lists of the repository
     * at {@code address} gone. */
    static void forget(String name, String address, TestbedHost... hosts) {
        for (TestbedHost host : hosts) {
            host.exec("sh", "-c", "apt-get purge -y -q " + name + " >/dev/null 2>&1; rm -f /etc/apt/sources.list.d/"
                    + "speedy.sources /etc/apt/keyrings/speedy.gpg; rm -rf /var/lib/apt/lists/*" + address + "*")
                    .orThrow();
        }
    }

    private static void script(Path build, String name, String body) throws IOException {
        Path file = build.resolve("DEBIAN/" + name);
        Files.writeString(file, "#!/bin/sh\nset -e\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
