package com.speedy.push.sudo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every shell script push runs as root, in one place: what a reviewer reads to know all that push may do on a host
 * beyond the programs of {@link RootPrograms}. Each runs with bash, its arguments as {@code $1...}; as root it runs as
 * {@code bash -c TEXT VERB ARGS...}, and through sudo as a verb of the root-owned {@link SudoHelper}, which holds the
 * same texts (push bootstrap writes it), so the deploy user's sudo rule names no shell.
 */
public enum RootScript {
    /**
     * Writes standard input to a new file beside {@code $2}, sets its mode {@code $1} and owner {@code $3} and renames
     * it over {@code $2}: readers see the old file or the new one.
     */
    UPLOAD(String.join("\n",
            "set -e",
            "tmp=$(mktemp \"$2.push-XXXXXX\")",
            "trap 'rm -f \"$tmp\"' EXIT",
            "cat >\"$tmp\"",
            "chmod \"$1\" \"$tmp\"",
            "chown \"$3\" \"$tmp\"",
            "mv -f \"$tmp\" \"$2\"",
            "trap - EXIT")),
    /** Prints file {@code $1} if it exists; nothing if it does not; fails if it cannot be read. */
    CAT_IF_EXISTS("[ ! -e \"$1\" ] || cat \"$1\""),
    /** Exits 0 if any of the paths exists. */
    ANY_EXISTS("for f; do [ ! -e \"$f\" ] || exit 0; done; exit 1"),
    /** Restarts unit {@code $1} if it runs and exists (a package may have no service of its name). */
    TRY_RESTART("! systemctl cat \"$1\" >/dev/null 2>&1 || systemctl try-restart \"$1\""),
    /** Stops the loaded units among the patterns (systemctl stop fails on a unit it does not know). */
    STOP_LOADED_UNITS("units=$(systemctl list-units --all --plain --no-legend \"$@\" | cut -d' ' -f1);"
            + " [ -z \"$units\" ] || systemctl stop $units"),
    /** Starts the enabled units among the patterns. */
    START_ENABLED_UNITS("units=$(systemctl list-unit-files --state=enabled --no-legend \"$@\" | cut -d' ' -f1);"
            + " [ -z \"$units\" ] || systemctl start $units"),
    /** Writes {@code $1} into Debian's start.conf {@code $2} and reloads systemd's generated cluster units. */
    SET_START_CONF("echo \"$1\" > \"$2\" && systemctl daemon-reload"),
    /** Writes {@code $1} into file {@code $2} if its folder exists (the monitoring agent's copy of the db address). */
    WRITE_IF_FOLDER("[ ! -d \"${2%/*}\" ] || echo \"$1\" > \"$2\""),
    /** {@code getent ahosts $2}, bounded by {@code $1} seconds. */
    RESOLVE("exec timeout \"$1\"s getent ahosts \"$2\""),
    /** The clusters, or nothing on a host without PostgreSQL. */
    CLUSTERS_IF_ANY("! command -v pg_lsclusters >/dev/null || pg_lsclusters --no-header"),
    /** Names replication slot {@code $2} in postgresql.auto.conf {@code $1}. */
    SET_SLOT_NAME("sed -i '/^primary_slot_name/d' \"$1\" && echo \"primary_slot_name = '$2'\" >> \"$1\""),
    /** Moves {@code $1} to {@code $2}, which must not exist. */
    MOVE_ASIDE("[ ! -e \"$2\" ] && mv -T \"$1\" \"$2\""),
    /** Empties data directory {@code $1}, or makes it (postgres's, 0700). */
    EMPTY_DATA_DIRECTORY("if [ -d \"$1\" ]; then find \"$1\" -mindepth 1 -delete; else install -d -o postgres"
            + " -g postgres -m 0700 \"$1\"; fi"),
    /** Makes data directory {@code $1} anew and empty (postgres's, 0700). */
    NEW_DATA_DIRECTORY("rm -rf \"$1\" && install -d -o postgres -g postgres -m 700 \"$1\""),
    /** Stops an earlier run's {@code $1 -D $2} (pg_basebackup), waiting up to 10 s for it to end. */
    STOP_BASEBACKUP("p=\"^$1 -D $2 \"; pkill -TERM -f \"$p\"; i=0; while pgrep -f \"$p\" >/dev/null; do i=$((i+1));"
            + " [ $i -le 100 ] || exit 1; sleep 0.1; done"),
    /**
     * What data directory {@code $1} holds, read without changing it, and the marker {@code $2} of an unfinished
     * clone; the last line is {@code end} (DataDirectory reads it).
     */
    LIST_DATA_DIRECTORY(String.join("\n",
            "d=$1 m=$2",
            "if [ -e \"$m\" ]; then line=$(head -c 300 \"$m\" | tr -d '\\n') || exit 3; echo \"marker $line\"; fi",
            "if [ ! -e \"$d\" ]; then echo absent; echo end; exit 0; fi",
            "[ -d \"$d\" ] || { echo not-a-directory; echo end; exit 0; }",
            "find \"$d\" -mindepth 1 -maxdepth 1 -printf 'top %f\\n' || exit 3",
            "if [ -f \"$d/PG_VERSION\" ]; then v=$(head -c 20 \"$d/PG_VERSION\") || exit 3; echo \"version $v\"; fi",
            "if [ -f \"$d/global/pg_control\" ]; then echo control; fi",
            "if [ -d \"$d/base\" ]; then",
            "  find \"$d/base\" -mindepth 1 -maxdepth 1 -printf 'db %f\\n' || exit 3",
            "  find \"$d/base\" -mindepth 2 -maxdepth 2 \\( -path \"$d/base/1/*\" -o -path \"$d/base/4/*\""
                    + " -o -path \"$d/base/5/*\" \\) -name '[1-9][0-9][0-9][0-9][0-9]*' -printf 'rel %P\\n' || exit 3",
            "fi",
            "if [ -d \"$d/pg_tblspc\" ]; then find \"$d/pg_tblspc\" -mindepth 1 -maxdepth 1 -printf 'tblspc %f\\n'"
                    + " || exit 3; fi",
            "if [ -f \"$d/global/1262\" ]; then b=$(base64 -w0 \"$d/global/1262\") || exit 3;"
                    + " echo \"pg_database $b\"; fi",
            "echo end")),
    /** Drops scratch cluster {@code $2}/{@code $3} if its configuration {@code $1} holds push's marker {@code $4}. */
    DROP_MARKED_CLUSTER("if [ -f \"$1/$4\" ]; then pg_dropcluster --stop \"$2\" \"$3\"; fi"),
    /** Makes folder {@code $1} anew and empty, root's only. */
    NEW_PRIVATE_FOLDER("rm -rf -- \"$1\" && mkdir -m 700 -- \"$1\""),
    /** The newest of the dumps (named by their UTC time) in folder {@code $1}. */
    NEWEST_DUMP("ls -d \"$1\"/[0-9]*Z | sort | tail -n 1 | xargs basename"),
    /** Barman's base backups in {@code $1}: name, status, timeline and end time from each backup.info. */
    LIST_BACKUPS("cd \"$1\" 2>/dev/null || exit 0; for f in */backup.info; do [ -f \"$f\" ] || continue;"
            + " printf '%s|%s|%s|%s\\n' \"${f%/backup.info}\" \"$(sed -n 's/^status=//p' \"$f\")\""
            + " \"$(sed -n 's/^timeline=//p' \"$f\")\" \"$(sed -n 's/^end_time=//p' \"$f\")\"; done"),
    /** speedy-backup's read-only probe of the object storage, with the settings file {@code $1}. */
    PROBE_OFFSITE("SPEEDY_BACKUP_CONF=\"$1\" exec /usr/lib/speedy-backup/speedy-backup-offsite probe"),
    /**
     * {@code GET $2} on 127.0.0.1:{@code $1} as an API client asks, with bash's /dev/tcp (no HTTP client needs to be
     * installed), bounded by 5 s; prints the raw response.
     */
    HTTP_GET("exec timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\"$1\" && printf \"GET %s HTTP/1.0\\r\\nHost:"
            + " localhost\\r\\nAccept: application/json\\r\\n\\r\\n\" \"$2\" >&3 && cat <&3' bash \"$1\" \"$2\""),
    /** speedy-app's login check against {@code $2} with conffile {@code $3}, bounded by {@code $1} seconds. */
    CHECK_DB("exec timeout \"$1\" java -cp '/usr/share/speedy-app/speedy-app.jar:/usr/share/speedy-app/lib/*'"
            + " com.speedy.app.CheckDb \"$2\" \"$3\""),
    /**
     * Arms the firewall's rollback: in {@code $1} seconds, systemd runs {@code nft -f} of the saved rules unless push
     * stops the timer first. To the second: a timer's default accuracy is a minute, which would stretch the bound.
     */
    ARM_FIREWALL_ROLLBACK("exec systemd-run --quiet --unit=" + Firewall.ROLLBACK_UNIT + " --on-active=\"$1\"s"
            + " --timer-property=AccuracySec=1s " + Firewall.NFT + " -f " + Firewall.RESTORE),

    /**
     * Keeps push bootstrap's sshd drop-in as it is (or that there is none) before a change, for
     * {@link #RESTORE_SSHD_SETTINGS}.
     */
    KEEP_SSHD_SETTINGS("install -d -m 0700 /var/lib/speedy-push && if [ -e " + Sshd.DROP_IN + " ]; then cp -p "
            + Sshd.DROP_IN + " " + Sshd.KEPT + "; else rm -f " + Sshd.KEPT + "; fi"),
    /** Puts back what {@link #KEEP_SSHD_SETTINGS} kept and reloads sshd: bootstrap's own undo, and its timer's. */
    RESTORE_SSHD_SETTINGS("if [ -e " + Sshd.KEPT + " ]; then mv -f " + Sshd.KEPT + " " + Sshd.DROP_IN + "; else rm -f "
            + Sshd.DROP_IN + "; fi && systemctl reload ssh"),
    /**
     * Arms sshd's rollback: in {@code $1} seconds, systemd runs the helper's {@link #RESTORE_SSHD_SETTINGS} unless
     * push stops the timer first, so a bootstrap killed between sshd's reload and its proof never locks push out.
     */
    ARM_SSHD_ROLLBACK("systemctl stop " + Sshd.ROLLBACK_UNIT + ".timer " + Sshd.ROLLBACK_UNIT + ".service"
            + " 2>/dev/null; systemctl reset-failed "
            + Sshd.ROLLBACK_UNIT + ".timer " + Sshd.ROLLBACK_UNIT + ".service 2>/dev/null;"
            + " exec systemd-run --quiet --unit=" + Sshd.ROLLBACK_UNIT + " --on-active=\"$1\"s"
            + " --timer-property=AccuracySec=1s " + SudoHelper.PATH + " \"$2\"");

    /** The files and unit of push firewall apply's rollback. */
    public static final class Firewall {
        public static final String RUN_DIR = "/run/speedy-firewall";
        /** The rules that were live before a change, which the rollback timer loads again. */
        public static final String RESTORE = RUN_DIR + "/restore.nft";
        public static final String ROLLBACK_UNIT = "speedy-firewall-rollback";
        public static final String NFT = "/usr/sbin/nft";

        private Firewall() {}
    }

    /** The files and unit of bootstrap's sshd change. */
    public static final class Sshd {
        /** Read first of the drop-ins (sshd keeps the first value it reads for a keyword). */
        public static final String DROP_IN = "/etc/ssh/sshd_config.d/00-speedy-push.conf";
        static final String KEPT = "/var/lib/speedy-push/sshd-kept.conf";
        public static final String ROLLBACK_UNIT = "speedy-sshd-rollback";

        private Sshd() {}
    }

    /** How the shell is named in argv: bash, which Debian always has, on both paths. */
    static final String SHELL = "bash";

    private final String text;
    private final String verb;

    RootScript(String text) {
        this.text = text;
        // UPLOAD keeps its name for ever: it is how a push writes a newer helper over an older one.
        String name = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.verb = name.equals("upload") ? name : name + "-" + hash(text);
    }

    public String text() {
        return text;
    }

    /**
     * The helper's verb for this script: its name and a hash of its text, so that a push whose script differs finds no
     * such verb in an older helper and says so, rather than running the older text.
     */
    public String verb() {
        return verb;
    }

    /** The command that runs this script as root with {@code args}: {@code bash -c TEXT VERB ARGS...}. */
    public List<String> argv(String... args) {
        return argv(List.of(args));
    }

    public List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(SHELL, "-c", text, verb));
        argv.addAll(args);
        return argv;
    }

    /** The script that {@code argv} runs, if it is one of these as {@link #argv} makes them. */
    public static Optional<RootScript> of(List<String> argv) {
        if (argv.size() < 4 || !argv.get(0).equals(SHELL) || !argv.get(1).equals("-c")) {
            return Optional.empty();
        }
        for (RootScript script : values()) {
            if (script.verb.equals(argv.get(3)) && script.text.equals(argv.get(2))) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
