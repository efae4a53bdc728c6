package com.speedy.push.inventory;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The backups (inventory key {@code backup}): the host that receives the primary's WAL as it is written and keeps
 * base backups and dumps (never a host of the db group: it must survive losing the pair), the application database
 * that is dumped, what is kept, and the object storage that gets a copy of everything, encrypted.
 *
 * @param baseBackups how many base backups Barman keeps at least, and the window any point of which stays restorable
 */
public record Backup(HostName server, String database, BaseBackupRetention baseBackups, DumpRetention dumps,
        Optional<ObjectStorage> objectStorage) {
    /** A PostgreSQL database name as pg_dump is given it: an unquoted identifier. */
    static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    public static final String DEFAULT_DATABASE = "speedy";

    public Backup {
        Objects.requireNonNull(server, "server");
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        Objects.requireNonNull(baseBackups, "baseBackups");
        Objects.requireNonNull(dumps, "dumps");
        Objects.requireNonNull(objectStorage, "objectStorage");
    }

    /** Barman's retention: at least {@code keep} base backups, and every point of the last {@code windowDays} days. */
    public record BaseBackupRetention(int keep, int windowDays) {
        public static final BaseBackupRetention DEFAULT = new BaseBackupRetention(4, 30);

        public BaseBackupRetention {
            if (keep < 1 || windowDays < 1) {
                throw new IllegalArgumentException("keeps nothing: keep " + keep + ", window " + windowDays + " days");
            }
        }
    }

    /** The dump job's retention: the newest dump of each of the newest N days, ISO weeks and months. */
    public record DumpRetention(int daily, int weekly, int monthly) {
        public static final DumpRetention DEFAULT = new DumpRetention(7, 4, 12);

        public DumpRetention {
            if (daily < 1 || weekly < 0 || monthly < 0) {
                throw new IllegalArgumentException("daily " + daily + ", weekly " + weekly + ", monthly " + monthly);
            }
        }
    }
}
