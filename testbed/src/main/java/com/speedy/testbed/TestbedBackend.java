package com.speedy.testbed;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What runs the testbed's hosts. {@link NspawnBackend} (systemd-nspawn, through {@code bin/testbed}) is the one there
 * is; a container engine's would give the same hosts the same way: each a booted Debian with its own name, ssh host
 * keys and address, reached by ssh from this machine.
 */
interface TestbedBackend {
    /** Starts the named hosts (running ones are kept) and returns every running host by name. */
    Map<String, TestbedHost> up(List<String> names) throws IOException, InterruptedException;

    /** Pulls a host's plug: every process in it killed at once; its disk stays for {@link #up}. */
    void kill(String name) throws IOException, InterruptedException;

    /** Puts a host's network cable in ({@code plugged}) or pulls it out; the host keeps running. */
    void link(String name, boolean plugged) throws IOException, InterruptedException;

    /** The host's PID 1 as this machine sees it: what {@code nsenter} enters. */
    long init(String name);

    /** Stops every host and removes what the backend made (but its cached base). */
    void down() throws IOException, InterruptedException;
}
