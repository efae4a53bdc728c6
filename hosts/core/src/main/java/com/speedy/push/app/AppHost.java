package com.speedy.push.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What push knows of speedy-app on a host: its conffile and the settings push reads from it, its flag files, and its
 * {@code /healthz}, asked from the host itself.
 */
public final class AppHost {
    public static final String PACKAGE = "speedy-app";
    public static final String CONF = "/etc/speedy/speedy-app.conf";
    public static final String DEFAULT_MAINTENANCE_FLAG = "/var/lib/speedy-app/maintenance";
    public static final String DEFAULT_DRAIN_FLAG = "/var/lib/speedy-app/draining";
    public static final int DEFAULT_PORT = 8080;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppHost() {}

    /** The host's speedy-app conffile, or empty where it has none (speedy-app is not installed). */
    public static Optional<String> conf(HostSteps steps) throws IOException, SshException, InterruptedException {
        CommandResult conf = steps.runWithheld(List.of("cat", CONF)); // it holds db.password
        return conf.exitStatus() == 0 ? Optional.of(conf.stdoutText()) : Optional.empty();
    }

    /** A {@code key = value} line of a conffile; commented-out defaults do not count. */
    public static Optional<String> setting(String conffile, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*(\\S.*?)\\s*$").matcher(conffile);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static int port(String conffile) {
        return setting(conffile, "listen.port").map(Integer::parseInt).orElse(DEFAULT_PORT);
    }

    public static String maintenanceFlag(String conffile) {
        return setting(conffile, "maintenance.flag").orElse(DEFAULT_MAINTENANCE_FLAG);
    }

    public static String drainFlag(String conffile) {
        return setting(conffile, "drain.flag").orElse(DEFAULT_DRAIN_FLAG);
    }

    /** {@code GET /healthz} from the host itself (see {@link #get}). */
    public static List<String> healthz(int port) {
        return get(port, "/healthz");
    }

    /**
     * {@code GET PATH} on 127.0.0.1:PORT from the host itself, as an API client asks (Accept: application/json), with
     * bash's /dev/tcp: no HTTP client needs to be installed there, and the port need not be open to anyone else. It
     * prints the raw response.
     */
    public static List<String> get(int port, String path) {
        return RootScript.HTTP_GET.argv(Integer.toString(port), path);
    }

    /** The JSON body of an HTTP response as {@link #healthz} prints it, or empty when there is none. */
    public static Optional<JsonNode> body(String response) {
        int start = response.indexOf("\r\n\r\n");
        if (start < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.substring(start + 4)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The status code of an HTTP response as {@link #healthz} prints it, or 0 when there is none. */
    public static int status(String response) {
        Matcher m = Pattern.compile("^HTTP/\\d\\.\\d (\\d{3})").matcher(response);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
