package com.speedy.push.db;

import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.ssh.UploadFailedException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code push db alias show} and {@code set} on one host. */
public final class DbAliasJobs {
    static final String HOSTS = "/etc/hosts";
    /** The content before the last change, for undo: {@code cp /etc/hosts.speedy-previous /etc/hosts}. */
    static final String PREVIOUS = "/etc/hosts.speedy-previous";

    /** How long a lookup of db may take on a host. */
    static final int LOOKUP_SECONDS = 3;
    /** A lookup that did not end in time: what db resolves to there is not known. */
    public static final String LOOKUP_TIMED_OUT = "getent ahosts db did not answer within " + LOOKUP_SECONDS
            + " s (the host's name server?)";
    private static final int TIMED_OUT = 124;

    private DbAliasJobs() {}

    /**
     * What {@code db} resolves to on the host, as the services' resolver (getaddrinfo) sees it: {@code getent ahosts}.
     * ({@code getent hosts} asks for IPv6 first, and with /etc/hosts holding only an IPv4 line it waits for DNS.)
     */
    public static Rollout.HostJob<HostResult> show() {
        return show(HostsFile.ALIAS);
    }

    /** What {@code name} ({@code db} or {@code db-ro}) resolves to on the host; see {@link #show()}. */
    public static Rollout.HostJob<HostResult> show(String name) {
        return steps -> {
            CommandResult getent = lookup(steps, name);
            if (timedOut(getent)) {
                return new HostResult(steps.host(), HostResult.Outcome.UNKNOWN, LOOKUP_TIMED_OUT, List.of(),
                        steps.logFile());
            }
            return new HostResult(steps.host(), HostResult.Outcome.OK, address(getent).orElse(""), List.of(),
                    steps.logFile());
        };
    }

    /** Points {@code db} and {@code db-ro} at {@code address}: one server takes every query. */
    public static Rollout.HostJob<HostResult> set(String address) {
        return set(address, address);
    }

    /**
     * Points {@code db} at {@code address} and {@code db-ro} at {@code readOnly} (a standby that streams from it, or
     * the same address): the block rewritten (a temporary file renamed over /etc/hosts, or written in place where
     * /etc/hosts is a bind mount and cannot be renamed over), the previous content kept, and the result checked with
     * {@code getent ahosts} for both names. A host already pointing there is left as it is.
     */
    public static Rollout.HostJob<HostResult> set(String address, String readOnly) {
        String aliases = address.equals(readOnly) ? address : address + ", db-ro -> " + readOnly;
        return steps -> {
            String before = steps.check(List.of("cat", HOSTS), "reading " + HOSTS).stdoutText();
            HostsFile after = HostsFile.of(before).withAliases(address, readOnly);
            if (after.text().equals(before)) {
                return verified(steps, address, readOnly, HostResult.Outcome.OK, "db already " + aliases);
            }
            steps.progress("db -> " + aliases + " (was " + HostsFile.of(before).alias().orElse("not set") + ")");
            steps.upload(before.getBytes(StandardCharsets.UTF_8), PREVIOUS, "0644");
            byte[] content = after.text().getBytes(StandardCharsets.UTF_8);
            try {
                steps.upload(content, HOSTS, "0644");
            } catch (UploadFailedException renameRefused) {
                // A bind-mounted /etc/hosts (containers) cannot be replaced by a rename: write it in place.
                CommandResult inPlace = steps.run(List.of("dd", "of=" + HOSTS, "conv=notrunc,fsync", "status=none"),
                        content);
                CommandResult truncated = steps.run(List.of("truncate", "-s", Integer.toString(content.length), HOSTS));
                if (inPlace.exitStatus() != 0 || truncated.exitStatus() != 0) {
                    throw new IOException("writing " + HOSTS + " in place failed: see " + steps.logFile());
                }
            }
            return verified(steps, address, readOnly, HostResult.Outcome.CHANGED, "db -> " + aliases + " (was "
                    + HostsFile.of(before).alias().orElse("not set") + "; previous file in " + PREVIOUS + ")");
        };
    }

    /** Where speedy-monitoring's db alias check reads the address that push set (its postinst makes the folder). */
    public static final String MONITORING_DB_ADDRESS = "/var/lib/speedy-monitoring/db-address";

    private static HostResult verified(HostSteps steps, String address, String readOnly, HostResult.Outcome outcome,
                                       String detail) throws IOException, SshException, InterruptedException {
        steps.check(RootScript.WRITE_IF_FOLDER.argv(address, MONITORING_DB_ADDRESS),
                "writing " + MONITORING_DB_ADDRESS);
        for (String name : List.of(HostsFile.ALIAS, HostsFile.READ_ONLY_ALIAS)) {
            String expected = name.equals(HostsFile.ALIAS) ? address : readOnly;
            Optional<String> now = address(lookup(steps, name));
            if (now.isEmpty() || !now.get().equals(expected)) {
                return new HostResult(steps.host(), HostResult.Outcome.FAILED, "getent ahosts " + name + " gives "
                        + now.orElse("nothing") + ", not " + expected, List.of(), steps.logFile());
            }
        }
        return new HostResult(steps.host(), outcome, detail, List.of(), steps.logFile());
    }

    private static CommandResult lookup(HostSteps steps) throws IOException, SshException, InterruptedException {
        return lookup(steps, HostsFile.ALIAS);
    }

    /**
     * {@code getent ahosts NAME}, bounded: a host whose resolver names an unreachable name server would otherwise wait
     * about 10 s per lookup for a name missing from /etc/hosts.
     */
    private static CommandResult lookup(HostSteps steps, String name)
            throws IOException, SshException, InterruptedException {
        return steps.run(RootScript.RESOLVE.argv(Integer.toString(LOOKUP_SECONDS), name));
    }

    /** timeout(1)'s status when it had to stop the command. */
    private static boolean timedOut(CommandResult getent) {
        return getent.exitStatus() == TIMED_OUT;
    }

    private static Optional<String> address(CommandResult getent) {
        String[] fields = getent.stdoutText().strip().split("\\s+");
        return getent.exitStatus() == 0 && fields.length >= 2 ? Optional.of(fields[0]) : Optional.empty();
    }
}
