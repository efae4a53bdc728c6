package com.speedy.testbed;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What runs the testbed's hosts. {@link NspawnBackend} (systemd-nspawn, through {@code bin/testbed}) and
 * {@link DockerBackend} (a Docker or Podman engine, through Testcontainers) give the same hosts the same way: each a
 * booted Debian from the same base root, with its own name, ssh host keys and address on the same network, reached by
 * ssh from this machine.
 */
interface TestbedBackend {
    /** Starts the named hosts (running ones are kept) and returns every running host by name. */
    Map<String, TestbedHost> up(List<String> names) throws IOException, InterruptedException;

    /** Pulls a host's plug: every process in it killed at once; its disk stays for {@link #up}. */
    void kill(String name) throws IOException, InterruptedException;

    /** Shuts hosts down in order, as poweroff would; their disks stay for {@link #up}. */
    void stop(List<String> names) throws IOException, InterruptedException;

    /** Puts a host's network cable in ({@code plugged}) or pulls it out; the host keeps running. */
    void link(String name, boolean plugged) throws IOException, InterruptedException;

    /**
     * The local command words that run an argv in the host as root, as its systemd's child would, without ssh: what a
     * test uses to look at a host whose root login push refused. The argv follows them.
     */
    List<String> enter(String name);

    /** Stops every host and removes what the backend made (but its cached base). */
    void down() throws IOException, InterruptedException;
}
