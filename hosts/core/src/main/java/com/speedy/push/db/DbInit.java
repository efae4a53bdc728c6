package com.speedy.push.db;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.Installed;
import com.speedy.push.files.MarkedBlock;
import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code push db init HOST} on the host: the first primary. PostgreSQL installed if it is not; the cluster's settings
 * sized for this workload from the host's memory ({@code ALTER SYSTEM}, so that a standby cloned later gets them too);
 * pg_hba entries for the app hosts only; the application's role with its password (sent as a SCRAM secret, so the
 * password itself never reaches the server) and its database; the cluster started now and at boot. Each part only if
 * it differs, so a second run changes nothing. Run once with {@code checkOnly} it changes nothing and says what would.
 */
public final class DbInit implements Rollout.HostJob<HostResult> {
    /** The application's role and database, as the speedy packages' conffiles name them ({@code db.user}). */
    public static final String ROLE = "speedy";
    public static final String DATABASE = "speedy";
    /** The packages whose hosts connect to the database. */
    public static final List<String> CLIENTS = List.of("speedy-app", "speedy-notifier", "speedy-jobs");
    static final MarkedBlock HBA_BLOCK = new MarkedBlock(
            "# BEGIN push db init: the app hosts, to database " + DATABASE + " as " + ROLE, "# END push db init");
    private static final long MIB = 1024L * 1024;
    private static final Pattern SIZE = Pattern.compile("([1-9][0-9]{0,6})([MG])(iB)?");
    private static final Pattern AUTO_CONF_LINE = Pattern.compile("\\s*([a-z_]+)\\s*=\\s*'(.*)'\\s*");
    private static final Pattern SCRAM = Pattern.compile("SCRAM-SHA-256\\$([0-9]+):([A-Za-z0-9+/=]+)\\$.*");

    private final List<String> appAddresses;
    private final String password;
    private final OptionalLong memory;
    private final boolean checkOnly;

    /**
     * @param appAddresses the addresses of the hosts that run the speedy packages (pg_hba allows these only)
     * @param memory the memory to size the settings for, in bytes (default: the host's, or its cgroup's limit)
     * @param checkOnly ask the host and say what would change, changing nothing
     */
    public DbInit(List<String> appAddresses, String password, OptionalLong memory, boolean checkOnly) {
        this.appAddresses = List.copyOf(appAddresses);
        this.password = password;
        this.memory = memory;
        this.checkOnly = checkOnly;
    }

    /** A size such as {@code 4G}, {@code 512M} or {@code 8GiB}, in bytes; empty if it is none. */
    public static OptionalLong parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)) * MIB * (m.group(2).equals("G") ? 1024 : 1));
    }

    /**
     * The settings for a web application's primary with {@code bytes} of memory (the proportions of PGTune's "web"
     * profile): a quarter in shared buffers, three quarters counted as cache, the rest shared out as work memory; SSD
     * costs; listening on every address (pg_hba decides who may log in); {@code wal_log_hints} for pg_rewind.
     */
    static Map<String, String> settings(long bytes) {
        long mib = Math.max(bytes / MIB, 256);
        int connections = 200;
        long shared = Math.min(mib / 4, 8 * 1024);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listen_addresses", "*");
        s.put("max_connections", Integer.toString(connections));
        s.put("shared_buffers", shared + "MB");
        s.put("effective_cache_size", mib * 3 / 4 + "MB");
        s.put("maintenance_work_mem", Math.min(mib / 16, 2048) + "MB");
        s.put("work_mem", Math.max((mib - shared) * 1024 / (connections * 3L), 4096) + "kB");
        s.put("min_wal_size", "1GB");
        s.put("max_wal_size", "4GB");
        s.put("checkpoint_completion_target", "0.9");
        s.put("random_page_cost", "1.1");
        s.put("effective_io_concurrency", "200");
        s.put("wal_log_hints", "on");
        return s;
    }

    /** What {@code postgresql.auto.conf} (written by ALTER SYSTEM) sets: name to value. */
    static Map<String, String> autoConf(String text) {
        Map<String, String> set = new LinkedHashMap<>();
        text.lines().map(AUTO_CONF_LINE::matcher).filter(Matcher::matches)
                .forEach(m -> set.put(m.group(1), m.group(2).replace("''", "'")));
        return set;
    }

    /** The names of the wanted settings that {@code current} does not already have (sizes compared by value). */
    static List<String> differing(Map<String, String> current, Map<String, String> wanted) {
        return wanted.keySet().stream().filter(name -> !normalized(wanted.get(name))
                .equals(normalized(current.getOrDefault(name, "")))).toList();
    }

    /** A size in PostgreSQL's own form, in the largest unit that holds it whole ({@code 1024MB} is {@code 1GB}). */
    static String normalized(String value) {
        Matcher m = Pattern.compile("([0-9]{1,12})(kB|MB|GB)").matcher(value);
        if (!m.matches()) {
            return value;
        }
        long kb = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "GB" -> 1024L * 1024;
            case "MB" -> 1024L;
            default -> 1L;
        };
        return kb % (1024L * 1024) == 0 ? kb / (1024 * 1024) + "GB" : kb % 1024 == 0 ? kb / 1024 + "MB" : kb + "kB";
    }

    /** pg_hba.conf with push's block for the app hosts (before the first rule) and every other line as it was. */
    static String withAppEntries(String hba, List<String> addresses) {
        return HBA_BLOCK.applyBeforeRules(hba, addresses.stream()
                .map(a -> "host " + DATABASE + " " + ROLE + " " + hbaAddress(a) + " scram-sha-256").toList());
    }

    /** An inventory address as pg_hba.conf takes one host: an IPv4 or IPv6 address with its full mask, or a name. */
    static String hbaAddress(String address) {
        if (address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return address + "/32";
        }
        return address.contains(":") ? address + "/128" : address;
    }

    /** Whether the role's stored secret ({@code pg_authid.rolpassword}) is that of {@code password}. */
    static boolean secretMatches(String stored, String password) {
        Matcher m = SCRAM.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        try {
            return ScramSecret.of(password, Base64.getDecoder().decode(m.group(2)), Integer.parseInt(m.group(1)))
                    .equals(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host's memory: MemTotal, or its cgroup's limit when that is lower. */
    static long hostMemory(String meminfo, String cgroupMax) throws IOException {
        long total = meminfo.lines().filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("[^0-9]", ""))
                .filter(s -> !s.isEmpty()).mapToLong(s -> Long.parseLong(s) * 1024).findFirst()
                .orElseThrow(() -> new IOException("/proc/meminfo has no MemTotal"));
        String limit = cgroupMax.strip();
        return limit.matches("[0-9]{1,19}") ? Math.min(total, Long.parseLong(limit)) : total;
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        List<String> changes = new ArrayList<>();
        Installed installed = steps.installed(List.of("postgresql"));
        if (installed.get("postgresql").filter(Installed.Package::isInstalled).isEmpty()) {
            if (checkOnly) {
                return plan(steps, List.of("install postgresql", "then size its settings, allow the app hosts, create"
                        + " role and database " + ROLE));
            }
            steps.progress("installing postgresql");
            CommandResult apt = steps.runApt(AptCommands.install(List.of("postgresql"), false));
            if (apt.exitStatus() != 0) {
                throw new IOException("apt-get install postgresql failed: " + HostSteps.lastLine(apt));
            }
            changes.add("installed postgresql");
        }
        Cluster cluster = Cluster.of(steps);
        refuseFormerPairMember(steps, cluster);

        long bytes = memory.isPresent() ? memory.getAsLong() : hostMemory(
                steps.check(List.of("cat", "/proc/meminfo"), "reading /proc/meminfo").stdoutText(),
                // No cgroup v2 limit file: no limit. One that cannot be read fails the run (never read as "none").
                steps.check(RootScript.CAT_IF_EXISTS.argv("/sys/fs/cgroup/memory.max"),
                        "reading /sys/fs/cgroup/memory.max").stdoutText());
        Map<String, String> wanted = settings(bytes);
        String autoConfFile = cluster.dataDir() + "/postgresql.auto.conf";
        List<String> settingsToSet = differing(autoConf(steps.check(RootScript.CAT_IF_EXISTS.argv(autoConfFile),
                "reading " + autoConfFile).stdoutText()), wanted);
        String hbaFile = cluster.confDir() + "/pg_hba.conf";
        String hba = steps.check(List.of("cat", hbaFile), "reading " + hbaFile).stdoutText();
        String newHba = withAppEntries(hba, appAddresses);
        boolean notStartedAtBoot = !steps.check(List.of("cat", cluster.startConf()), "reading " + cluster.startConf())
                .stdoutText().strip().endsWith("auto");
        boolean roleOk = false;
        boolean databaseOk = false;
        // Written by an earlier run but not in force: one killed before its reload or restart.
        List<String> notInForce = List.of();
        if (cluster.online()) {
            String in = String.join(", ", wanted.keySet().stream().map(n -> "'" + n + "'").toList());
            Map<String, String> running = new LinkedHashMap<>();
            steps.check(Cluster.query("SELECT name, current_setting(name) FROM pg_settings WHERE name IN (" + in + ")"),
                    "reading the settings in force").stdoutText().lines().map(l -> l.split("\\|", 2))
                    .filter(f -> f.length == 2).forEach(f -> running.put(f[0], f[1]));
            notInForce = differing(running, wanted).stream().filter(n -> !settingsToSet.contains(n)).toList();
            CommandResult secret = steps.runWithheld(Cluster.query("SELECT rolpassword FROM pg_authid WHERE rolname"
                    + " = '" + ROLE + "'"));
            CommandResult database = steps.run(Cluster.query("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE
                    + "'"));
            if (secret.exitStatus() != 0 || database.exitStatus() != 0) {
                throw new IOException(cluster.unit() + " runs but did not answer: " + HostSteps.lastLine(
                        secret.exitStatus() != 0 ? secret : database));
            }
            roleOk = secretMatches(secret.stdoutText().strip(), password);
            databaseOk = database.stdoutText().strip().equals("1");
        }

        List<String> plan = new ArrayList<>();
        if (!settingsToSet.isEmpty()) {
            plan.add("settings " + String.join(", ", settingsToSet.stream().map(n -> n + "=" + wanted.get(n))
                    .toList()) + " (for " + bytes / MIB + " MiB)");
        }
        if (!notInForce.isEmpty()) {
            plan.add("settings written but not in force yet: " + String.join(", ", notInForce));
        }
        if (!newHba.equals(hba)) {
            plan.add("pg_hba: " + appAddresses.size() + " app host(s) to " + DATABASE);
        }
        if (notStartedAtBoot || !cluster.online()) {
            plan.add("start " + cluster.unit() + " now and at boot");
        }
        if (!roleOk) {
            plan.add("role " + ROLE + " and its password");
        }
        if (!databaseOk) {
            plan.add("database " + DATABASE);
        }
        if (checkOnly) {
            return plan(steps, plan);
        }
        if (plan.isEmpty()) {
            return new HostResult(steps.host(), HostResult.Outcome.OK, "as it was: " + cluster.unit() + " primary with"
                    + " role and database " + ROLE, List.of(), steps.logFile());
        }

        if (!newHba.equals(hba)) {
            steps.progress("allowing the app hosts in " + hbaFile);
            steps.upload(newHba.getBytes(StandardCharsets.UTF_8), hbaFile, "0640", "postgres:postgres");
        }
        cluster.setStart(steps, "auto");
        steps.check(List.of("systemctl", "enable", "--quiet", "postgresql"), "systemctl enable postgresql");
        steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
        steps.progress("settings, role " + ROLE + " and database " + DATABASE);
        StringBuilder sql = new StringBuilder();
        for (String name : settingsToSet) {
            sql.append("ALTER SYSTEM SET ").append(name).append(" = '").append(wanted.get(name)).append("';\n");
        }
        sql.append("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '").append(ROLE)
                .append("') THEN CREATE ROLE ").append(ROLE).append(" LOGIN; END IF; END $$;\n");
        if (!roleOk) { // a right secret is kept: a new salt would make every run a change
            sql.append("ALTER ROLE ").append(ROLE).append(" LOGIN PASSWORD '").append(ScramSecret.of(password))
                    .append("';\n");
        }
        sql.append("SELECT 'CREATE DATABASE ").append(DATABASE).append(" OWNER ").append(ROLE)
                .append("' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '").append(DATABASE)
                .append("')\\gexec\n")
                .append("SELECT pg_reload_conf();\n");
        CommandResult applied = steps.run(Cluster.psql(), sql.toString().getBytes(StandardCharsets.UTF_8));
        if (applied.exitStatus() != 0) {
            throw new IOException("setting up " + cluster.unit() + " failed: " + applied.stderrText().strip());
        }
        List<String> changedSettings = new ArrayList<>(settingsToSet);
        changedSettings.addAll(notInForce);
        if (needsRestart(steps, changedSettings)) {
            steps.progress("restarting " + cluster.unit() + " (new settings take effect on a restart)");
            steps.check(List.of("systemctl", "restart", cluster.unit()), "restarting " + cluster.unit());
        }
        changes.addAll(plan);
        return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "changed: " + String.join("; ", changes),
                List.of(), steps.logFile());
    }

    /**
     * Why the group forbids a first primary on {@code primary} ("" if it does not), asked of every other member (the
     * job checks {@code primary} itself): one that cannot be asked, or that runs as a primary, is a refusal. A member
     * without PostgreSQL or a cluster runs no primary.
     */
    public static String refusal(Rollout quiet, Host primary, List<Host> group) throws InterruptedException {
        List<Host> others = group.stream().filter(h -> !h.equals(primary)).toList();
        List<DbNode> nodes = quiet.run(others, new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
                Integer.MAX_VALUE, false), DbInit::inspectMember, (host, outcome, why, log) -> DbNode.unreachable(host,
                why), n -> false);
        List<DbNode> unasked = nodes.stream().filter(n -> !n.reachable()).toList();
        if (!unasked.isEmpty()) {
            return "could not ask " + unasked.stream().map(DbNode::describe).collect(Collectors.joining(", "))
                    + ": whether another host runs as a primary is unknown";
        }
        return nodes.stream().filter(DbNode::runningPrimary).findFirst().map(n -> n.host().name() + " runs as a"
                + " primary already: db init makes the first one (push db replica " + primary.name() + " --from "
                + n.host().name() + " makes a standby of it)").orElse("");
    }

    private static DbNode inspectMember(HostSteps steps) throws IOException, SshException, InterruptedException {
        CommandResult clusters = steps.run(RootScript.CLUSTERS_IF_ANY.argv());
        if (clusters.exitStatus() == 0 && clusters.stdoutText().isBlank()) {
            return new DbNode(steps.host(), false, false, false, Optional.empty(), Optional.empty(), false, List.of(),
                    "", "");
        }
        return DbNode.inspect(steps);
    }

    /** Whether one of {@code names} is read only at the server's start (context postmaster). */
    private static boolean needsRestart(HostSteps steps, List<String> names)
            throws IOException, SshException, InterruptedException {
        if (names.isEmpty()) {
            return false;
        }
        String in = String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
        CommandResult context = steps.check(Cluster.query("SELECT count(*) FROM pg_settings WHERE context ="
                + " 'postmaster' AND name IN (" + in + ")"), "reading the settings' contexts");
        return !context.stdoutText().strip().equals("0");
    }

    /**
     * db init makes a first primary, never a pair member's: a cluster that push db replica set up (it keeps the pair's
     * addresses in push-peers) and that does not run as a primary is refused, as is one that would start as a standby.
     */
    private static void refuseFormerPairMember(HostSteps steps, Cluster cluster)
            throws IOException, SshException, InterruptedException {
        String name = steps.host().name().toString();
        boolean standby = steps.run(List.of("test", "-e", cluster.dataDir() + "/standby.signal")).exitStatus() == 0;
        if (standby) {
            throw new IOException(name + "'s cluster is a standby (" + cluster.dataDir() + "/standby.signal): db init"
                    + " makes the first primary; nothing was changed");
        }
        if (!cluster.online()
                && steps.run(List.of("test", "-e", cluster.confDir() + "/push-peers")).exitStatus() == 0) {
            throw new IOException(name + " was a member of a database pair (" + cluster.confDir() + "/push-peers) and"
                    + " its PostgreSQL is stopped: db init would start a former primary; see push db status, push db"
                    + " rejoin. Nothing was changed");
        }
    }

    /**
     * The same app block in another db host's pg_hba.conf, the standby's above all: pg_hba.conf is no part of what
     * streams, and the standby is the primary after a switchover. Reloaded where the cluster runs; a host without a
     * cluster has nothing to allow. {@code checkOnly} says what it would change.
     */
    public static Rollout.HostJob<HostResult> appEntriesOnMember(List<String> appAddresses, boolean checkOnly) {
        return steps -> {
            CommandResult clusters = steps.run(RootScript.CLUSTERS_IF_ANY.argv());
            if (clusters.exitStatus() != 0) {
                throw new IOException("pg_lsclusters failed: " + HostSteps.lastLine(clusters));
            }
            if (clusters.stdoutText().isBlank()) {
                return new HostResult(steps.host(), HostResult.Outcome.OK, "no cluster: nothing to allow", List.of(),
                        steps.logFile());
            }
            Cluster cluster = Cluster.of(steps);
            String hbaFile = cluster.confDir() + "/pg_hba.conf";
            String hba = steps.check(List.of("cat", hbaFile), "reading " + hbaFile).stdoutText();
            String newHba = withAppEntries(hba, appAddresses);
            String change = "pg_hba: " + appAddresses.size() + " app host(s) to " + DATABASE;
            if (newHba.equals(hba) || checkOnly) {
                return plan(steps, newHba.equals(hba) ? List.of() : List.of(change));
            }
            steps.progress("allowing the app hosts in " + hbaFile);
            steps.upload(newHba.getBytes(StandardCharsets.UTF_8), hbaFile, "0640", "postgres:postgres");
            if (cluster.online()) {
                steps.check(List.of("systemctl", "reload", cluster.unit()), "reloading " + cluster.unit());
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "changed: " + change
                    + (cluster.online() ? "" : " (read when " + cluster.unit() + " starts)"), List.of(),
                    steps.logFile());
        };
    }

    private static HostResult plan(HostSteps steps, List<String> plan) {
        return new HostResult(steps.host(), HostResult.Outcome.OK, plan.isEmpty() ? "as it was"
                : "would change: " + String.join("; ", plan), List.of(), steps.logFile());
    }
}
