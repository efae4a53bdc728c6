package com.speedy.push.db;

import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a host's data directory holds, read from the directory itself: never from a query, which cannot answer while
 * PostgreSQL is stopped or was killed (and a query that fails must not read as "nothing there"). One remote command
 * ({@link #listing}) lists {@code base/*} (one folder per database: OIDs below 16384 are initdb's, PostgreSQL 15's
 * template1, template0 and postgres being 1, 4 and 5), the relation files of those system databases whose
 * relfilenode is 16384 or more (a table someone created in {@code postgres}), {@code pg_tblspc/*} (every tablespace
 * is someone's) and, to name the databases, {@code global/1262}. A listing that failed or looks wrong is
 * {@link Kind#UNKNOWN}, which push treats as a refusal, never as safe.
 *
 * @param path the data directory
 * @param detail in words: what it holds, or why that is not known
 */
public record DataDirectory(String path, Kind kind, String detail) {
    /** The verdicts. */
    public enum Kind {
        /** Empty, or a cluster holding only PostgreSQL's own databases, untouched. */
        NOTHING,
        /** A database, a tablespace or a table of someone's. */
        OWN_DATA,
        /** A copy that an earlier {@code push db replica} started and did not finish (its marker is there). */
        UNFINISHED_CLONE,
        /** The listing failed or shows something a cluster does not look like. */
        UNKNOWN
    }

    static final long FIRST_NORMAL_OID = 16384;
    private static final Map<Long, String> SYSTEM_DATABASES = Map.of(1L, "template1", 4L, "template0", 5L, "postgres");

    /**
     * What {@code cluster}'s data directory holds, read on the host (changing nothing); {@code marker} is where a copy
     * that push started and did not finish is marked (beside the directory).
     *
     * @param runningNames database names a running server gave (OID to name), only to name them; may be empty
     */
    public static DataDirectory read(HostSteps steps, Cluster cluster, String marker, Map<Long, String> runningNames)
            throws IOException, SshException, InterruptedException {
        CommandResult listing = steps.run(listing(cluster.dataDir(), marker));
        return of(cluster.dataDir(), cluster.version(), listing.exitStatus(), listing.stdoutText(),
                listing.stderrText(), runningNames);
    }

    /** The read-only command that lists {@code dataDir} (run as root), and the marker of an unfinished clone. */
    static List<String> listing(String dataDir, String marker) {
        return RootScript.LIST_DATA_DIRECTORY.argv(dataDir, marker);
    }

    /**
     * The verdict on one listing.
     *
     * @param version the cluster's major version, as {@code PG_VERSION} must say it
     * @param runningNames database names a running server gave (OID to name), only to name them; may be empty
     */
    static DataDirectory of(String path, String version, int exitStatus, String stdout, String stderr,
                            Map<Long, String> runningNames) {
        List<String> lines = stdout.lines().toList();
        if (exitStatus != 0 || lines.isEmpty() || !lines.get(lines.size() - 1).equals("end")) {
            return unknown(path, "listing " + path + " failed (exit " + exitStatus + ")"
                    + (stderr.isBlank() ? "" : ": " + stderr.strip().lines().reduce((a, b) -> b).orElse("")));
        }
        Map<String, List<String>> fields = new HashMap<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            fields.computeIfAbsent(key, k -> new ArrayList<>()).add(space < 0 ? "" : line.substring(space + 1));
        }
        List<String> top = fields.getOrDefault("top", List.of());
        boolean control = fields.containsKey("control");
        boolean unfinished = !control || top.contains("standby.signal") || top.contains("backup_label");
        if (fields.containsKey("marker") && unfinished) {
            // A clone that got as far as starting its standby and was then promoted has pg_control and no
            // standby.signal: its marker is stale, and what it holds is judged as anyone's data. One with
            // backup_label was never started (a server renames it when it starts): a copy that the copying program
            // finished after push was killed, before push wrote standby.signal. It is still push's unfinished copy.
            return new DataDirectory(path, Kind.UNFINISHED_CLONE, "an unfinished copy that push started ("
                    + fields.get("marker").get(0) + ")");
        }
        if (fields.containsKey("absent")) {
            return unknown(path, path + " does not exist (is its disk mounted?)");
        }
        if (fields.containsKey("not-a-directory")) {
            return unknown(path, path + " is not a directory");
        }
        if (top.isEmpty()) {
            return new DataDirectory(path, Kind.NOTHING, path + " is empty");
        }
        List<String> versions = fields.getOrDefault("version", List.of());
        if (versions.isEmpty()) {
            return unknown(path, path + " holds files (" + String.join(", ", top.subList(0, Math.min(5, top.size())))
                    + ") but no PG_VERSION");
        }
        if (!versions.get(0).strip().equals(version)) {
            return unknown(path, path + "/PG_VERSION says " + versions.get(0).strip() + ", the cluster is " + version);
        }
        if (!control || !top.contains("base")) {
            return unknown(path, path + " has no " + (control ? "base/" : "global/pg_control")
                    + ": not a whole cluster");
        }
        Map<Long, String> names = new HashMap<>();
        fields.getOrDefault("pg_database", List.of()).forEach(b -> names.putAll(namesIn(b)));
        names.putAll(runningNames);
        List<String> own = new ArrayList<>();
        for (String db : fields.getOrDefault("db", List.of())) {
            if (db.equals("pgsql_tmp")) {
                continue;
            }
            if (!db.matches("[0-9]{1,10}")) {
                return unknown(path, path + "/base/" + db + " is not a database's folder");
            }
            long oid = Long.parseLong(db);
            if (oid >= FIRST_NORMAL_OID) {
                own.add("database " + (names.containsKey(oid) ? names.get(oid) + " (oid " + oid + ")"
                        : "oid " + oid + " (its name is not on disk yet)"));
            } else if (!SYSTEM_DATABASES.containsKey(oid)) {
                return unknown(path, path + "/base/" + db + " is no database initdb creates");
            }
        }
        Map<String, Integer> tables = new TreeMap<>();
        for (String rel : fields.getOrDefault("rel", List.of())) {
            String[] parts = rel.split("/", 2);
            String digits = parts.length == 2 ? parts[1].replaceAll("[^0-9].*", "") : "";
            if (digits.isEmpty() || digits.length() > 10 || !SYSTEM_DATABASES.containsKey(Long.parseLong(parts[0]))) {
                return unknown(path, path + "/base/" + rel + " is not a relation file");
            }
            if (Long.parseLong(digits) >= FIRST_NORMAL_OID && parts[1].equals(digits)) {
                tables.merge(SYSTEM_DATABASES.get(Long.parseLong(parts[0])), 1, Integer::sum);
            }
        }
        tables.forEach((db, count) -> own.add(count + " relation(s) created in the database " + db));
        List<String> tablespaces = fields.getOrDefault("tblspc", List.of());
        if (!tablespaces.isEmpty()) {
            own.add("tablespace(s) " + String.join(", ", tablespaces) + " (" + path + "/pg_tblspc)");
        }
        if (!own.isEmpty()) {
            return new DataDirectory(path, Kind.OWN_DATA, String.join("; ", own));
        }
        return new DataDirectory(path, Kind.NOTHING, "only PostgreSQL's own databases (template0, template1,"
                + " postgres), nothing created in them");
    }

    private static Map<Long, String> namesIn(String base64) {
        try {
            return PgDatabaseFile.names(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static DataDirectory unknown(String path, String why) {
        return new DataDirectory(path, Kind.UNKNOWN, why);
    }
}
