package com.speedy.push.backup;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Barman's own records as push reads them: the fields of each base backup's backup.info. */
final class BarmanInfo {
    /** backup.info's times, as Python's str(datetime): {@code 2026-12-02 07:15:03.483812+00:00}. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter();

    private BarmanInfo() {}

    /**
     * The base backups in lines of {@code ID|STATUS|TIMELINE|END_TIME[|BEGIN_WAL]}, oldest first. A line that cannot
     * be read is kept as a backup of status UNREADABLE, so that it is seen and never chosen.
     */
    static List<RestoreJobs.BaseBackup> backups(String lines) {
        List<RestoreJobs.BaseBackup> backups = new ArrayList<>();
        for (String line : lines.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 4 || f.length > 5 || !f[0].matches("[0-9]{8}T[0-9]{6}") || !f[2].matches("[0-9]{1,8}")) {
                backups.add(new RestoreJobs.BaseBackup(f[0], "UNREADABLE", 0, Optional.empty(), ""));
                continue;
            }
            String beginWal = f.length == 5 && WalSegments.isName(f[4]) ? f[4] : "";
            backups.add(new RestoreJobs.BaseBackup(f[0], f[1], Integer.parseInt(f[2]), time(f[3]), beginWal));
        }
        backups.sort(Comparator.comparing(RestoreJobs.BaseBackup::id));
        return backups;
    }

    /** A time as Barman's --target-time and PostgreSQL's recovery_target_time both read it, in UTC. */
    static String format(Instant time) {
        return TIME.format(time.atOffset(ZoneOffset.UTC));
    }

    static Optional<Instant> time(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip(), TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
