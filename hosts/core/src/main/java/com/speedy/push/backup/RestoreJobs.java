package com.speedy.push.backup;

import com.speedy.push.db.Cluster;
import com.speedy.push.db.DataDirectory;
import com.speedy.push.db.ReplicaJobs;
import com.speedy.push.files.MarkedBlock;
import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host jobs of {@code push backup restore}: Barman on the backup host copies a base backup and the WAL after it
 * straight into the target's data directory over ssh (as barman, to the target's postgres, with the target's host key
 * pinned from push's own verified connection), then the target starts it. The newest WAL Barman received, still
 * {@code .partial}, is copied too: without it the restore would stop at the last complete WAL file.
 */
public final class RestoreJobs {
    static final String POSTGRES_HOME = "/var/lib/postgresql";
    static final String BARMAN_HOME = "/var/lib/barman";
    static final String BARMAN_KEY = BARMAN_HOME + "/.ssh/id_ed25519";
    /** Only the target of the restore running now: a file of its own, never barman's own known_hosts. */
    static final String KNOWN_HOSTS = BARMAN_HOME + "/.ssh/push-restore-known_hosts";
    private static final MarkedBlock AUTHORIZED = new MarkedBlock("# BEGIN push backup restore: the backup host",
            "# END push backup restore");
    private static final String AUTHORIZED_KEYS = POSTGRES_HOME + "/.ssh/authorized_keys";

    private RestoreJobs() {}

    /**
     * What a restore needs to know of its target, changing nothing.
     *
     * @param data what its data directory holds, read from the directory
     * @param rsync whether rsync is there (Barman copies with it)
     * @param hostKey its ed25519 host key ({@code TYPE BASE64}), read over push's verified connection
     */
    public record TargetFacts(Host host, String problem, String version, String unit, boolean online,
                              Optional<DataDirectory> data, boolean rsync, String hostKey, Scratch scratch) {
        static TargetFacts failed(Host host, String why) {
            return new TargetFacts(host, why, "", "", false, Optional.empty(), false, "", Scratch.NONE);
        }
    }

    /** Whether the host has a cluster named like a drill's scratch cluster, and whose it is. */
    public enum Scratch {
        NONE,
        /** One a drill made and did not drop (it was stopped): the next drill drops it. */
        PUSHS,
        /** Someone else's: a drill never touches it. */
        SOMEONE_ELSES
    }

    /**
     * A base backup Barman holds: its id, status, timeline, the time it ended (empty while it runs) and the first WAL
     * file it needs ("" when not read).
     */
    public record BaseBackup(String id, String status, int timeline, Optional<Instant> end, String beginWal) {
        public boolean done() {
            return status.equals("DONE") && end.isPresent();
        }
    }

    /** What a restore needs to know of the backup host: its base backups, oldest first. */
    public record BackupsFacts(Host host, String problem, List<BaseBackup> backups) {
        public BackupsFacts {
            backups = List.copyOf(backups);
        }

        static BackupsFacts failed(Host host, String why) {
            return new BackupsFacts(host, why, List.of());
        }
    }

    public static Rollout.HostJob<TargetFacts> inspectTarget() {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            DataDirectory data = DataDirectory.read(steps, cluster, ReplicaJobs.cloneMarker(cluster.dataDir()),
                    Map.of());
            boolean rsync = steps.run(List.of("test", "-x", "/usr/bin/rsync")).exitStatus() == 0;
            String[] key = steps.check(List.of("cat", "/etc/ssh/ssh_host_ed25519_key.pub"), "reading its host key")
                    .stdoutText().strip().split("\\s+");
            if (key.length < 2 || !key[0].equals("ssh-ed25519")) {
                throw new IOException("/etc/ssh/ssh_host_ed25519_key.pub holds no ed25519 key");
            }
            String scratchConf = "/etc/postgresql/" + cluster.version() + "/" + DrillJobs.CLUSTER;
            Scratch scratch = steps.run(List.of("test", "-e", scratchConf)).exitStatus() != 0 ? Scratch.NONE
                    : steps.run(List.of("test", "-f", scratchConf + "/" + DrillJobs.MARKER)).exitStatus() == 0
                    ? Scratch.PUSHS : Scratch.SOMEONE_ELSES;
            return new TargetFacts(steps.host(), "", cluster.version(), cluster.unit(), cluster.online(),
                    Optional.of(data), rsync, key[0] + " " + key[1], scratch);
        };
    }

    /** The base backups, from each one's backup.info (Barman's own record of it). */
    public static Rollout.HostJob<BackupsFacts> inspectBackups() {
        return steps -> {
            String base = BackupFiles.BARMAN_SERVER_DIR + "/base";
            CommandResult listed = steps.run(RootScript.LIST_BACKUPS.argv(base));
            if (listed.exitStatus() != 0) {
                throw new IOException("listing " + base + " failed: " + listed.stderrText().strip());
            }
            return new BackupsFacts(steps.host(), "", BarmanInfo.backups(listed.stdoutText()));
        };
    }

    /** barman's ssh key (made once), and the target's host key pinned in a file of its own; returns the public key. */
    public static Rollout.HostJob<String> trustTarget(String targetAddress, String hostKey) {
        return steps -> {
            steps.check(Barman.asBarman("sh", "-c", "mkdir -p -m 700 \"$1\" && { [ -f \"$2\" ]"
                    + " || ssh-keygen -q -t ed25519 -N '' -C barman@backup -f \"$2\"; }", "sh", BARMAN_HOME + "/.ssh",
                    BARMAN_KEY), "making barman's ssh key");
            steps.upload((targetAddress + " " + hostKey + "\n").getBytes(StandardCharsets.UTF_8), KNOWN_HOSTS,
                    "0644", "barman:barman");
            String key = steps.check(List.of("cat", BARMAN_KEY + ".pub"), "reading barman's public key").stdoutText()
                    .strip();
            if (!key.startsWith("ssh-ed25519 ")) {
                throw new IOException(BARMAN_KEY + ".pub holds no ed25519 key");
            }
            return key;
        };
    }

    /**
     * Stops the target's cluster, marks the copy as push's own unfinished one (beside the data directory), moves a
     * data directory that holds nothing of anyone's aside (never deleting it) or empties push's own unfinished copy,
     * and lets barman in as postgres, from the backup host's address only.
     */
    public static Rollout.HostJob<HostResult> prepareTarget(String unit, DataDirectory data, String aside,
                                                            String barmanKey, String backupAddress) {
        return steps -> {
            String dir = data.path();
            String marker = ReplicaJobs.cloneMarker(dir);
            steps.progress("stopping " + unit + "; " + dir + " replaced by the restore");
            steps.check(List.of("systemctl", "stop", unit), "stopping " + unit);
            steps.upload(("push backup restore, started " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8),
                    marker, "0644");
            if (data.kind() == DataDirectory.Kind.UNFINISHED_CLONE) {
                steps.check(List.of("rm", "-rf", "--", dir), "emptying push's unfinished copy " + dir);
            } else if (!data.detail().startsWith("absent")) {
                steps.check(List.of("mv", "-T", "--", dir, aside), "moving " + dir + " aside to " + aside);
            }
            steps.check(List.of("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "700", dir), "mkdir " + dir);
            authorize(steps, barmanKey, backupAddress);
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "ready for the copy" + (data.detail()
                    .startsWith("absent") || data.kind() == DataDirectory.Kind.UNFINISHED_CLONE ? ""
                    : "; the old data directory is at " + aside), List.of(), steps.logFile());
        };
    }

    /**
     * On the backup host: the WAL files received so far into Barman's archive, then {@code barman recover} of
     * {@code backupId} into the target, then the newest partial WAL file.
     *
     * @param target Barman's recovery target options ({@code --target-time T --target-action promote}), or none for
     *     the latest point
     */
    public static Rollout.HostJob<HostResult> recover(String backupId, String targetAddress, String dataDir,
                                                      List<String> target) {
        return steps -> {
            String ssh = "ssh -i " + BARMAN_KEY + " -o UserKnownHostsFile=" + KNOWN_HOSTS
                    + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=10 postgres@" + targetAddress;
            steps.progress("barman archive-wal: the WAL received so far into the archive");
            Barman.check(steps, "barman archive-wal", "archive-wal", BackupFiles.SERVER);
            steps.progress("barman recover " + backupId + " into " + targetAddress + ":" + dataDir);
            List<String> args = new ArrayList<>(List.of("recover", "--remote-ssh-command", ssh, "--target-tli",
                    "latest"));
            args.addAll(target);
            args.addAll(List.of(BackupFiles.SERVER, backupId, dataDir));
            Barman.check(steps, "barman recover", args.toArray(String[]::new));
            String detail = "base backup " + backupId + " copied with the WAL after it";
            // The segment pg_receivewal is writing, complete up to the last record received: read after the archive
            // (recovery looks in pg_wal once restore_command has nothing more), and ignored past a time target.
            CommandResult partial = steps.check(Barman.asBarman("sh", "-c",
                    "p=$(ls \"$1\"/*.partial 2>/dev/null | sort | tail -n 1); [ -n \"$p\" ] || exit 0;"
                    + " n=$(basename \"$p\" .partial); rsync -a -e \"$2\" \"$p\" \":$3/pg_wal/$n\" && echo \"$n\"",
                    "sh", BackupFiles.BARMAN_SERVER_DIR + "/streaming", ssh, dataDir),
                    "copying the partial WAL file");
            String name = partial.stdoutText().strip();
            detail += name.isEmpty() ? "; no partial WAL file" : "; and the partial WAL file " + name;
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, detail, List.of(), steps.logFile());
        };
    }

    /**
     * On the target: barman let out again, the cluster started, and waited for until it runs as a primary (recovery
     * done); the unfinished-copy mark is removed last, so that a run stopped before is finished by running it again.
     */
    public static Rollout.HostJob<HostResult> startRestored(String unit, String dataDir, Duration timeout) {
        return steps -> {
            unauthorize(steps);
            steps.progress("starting " + unit + " and waiting for the end of recovery");
            steps.check(List.of("systemctl", "start", unit), "starting " + unit);
            Instant deadline = Instant.now().plus(timeout);
            String answer = "";
            while (Instant.now().isBefore(deadline)) {
                CommandResult asked = steps.run(Cluster.query("SELECT pg_is_in_recovery()"));
                answer = asked.stdoutText().strip();
                if (answer.equals("f")) {
                    break;
                }
                Thread.sleep(1000);
            }
            if (!answer.equals("f")) {
                throw new IOException("the restored cluster did not finish recovery within " + timeout.toSeconds()
                        + " s; see journalctl -u " + unit);
            }
            steps.check(List.of("rm", "-f", ReplicaJobs.cloneMarker(dataDir)), "removing the unfinished-copy mark");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "restored; runs as a primary", List.of(),
                    steps.logFile());
        };
    }


    /** barman's key let in for postgres, from the backup host's address only, in push's marked block. */
    static void authorize(HostSteps steps, String barmanKey, String backupAddress)
            throws IOException, SshException, InterruptedException {
        steps.check(List.of("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "700", POSTGRES_HOME + "/.ssh"),
                "mkdir " + POSTGRES_HOME + "/.ssh");
        String keys = steps.run(List.of("cat", AUTHORIZED_KEYS)).stdoutText();
        String line = "from=\"" + backupAddress + "\",no-port-forwarding,no-agent-forwarding,no-X11-forwarding,"
                + "no-pty " + barmanKey;
        steps.upload(AUTHORIZED.applyTo(keys, List.of(line)).getBytes(StandardCharsets.UTF_8), AUTHORIZED_KEYS,
                "0600", "postgres:postgres");
    }

    /** barman's key taken out again; every other line of postgres's authorized_keys kept. */
    static void unauthorize(HostSteps steps) throws IOException, SshException, InterruptedException {
        String keys = steps.run(List.of("cat", AUTHORIZED_KEYS)).stdoutText();
        steps.upload(AUTHORIZED.without(keys).getBytes(StandardCharsets.UTF_8), AUTHORIZED_KEYS, "0600",
                "postgres:postgres");
    }
}
