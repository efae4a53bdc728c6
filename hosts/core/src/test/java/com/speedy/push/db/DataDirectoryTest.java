package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whether a data directory holds data, from listings taken with {@link DataDirectory#listing} of real PostgreSQL 15
 * clusters: one fresh from initdb, one with the databases {@code speedy} and {@code other db} and a table created in
 * {@code postgres}.
 */
class DataDirectoryTest {
    private static final String DIR = "/var/lib/postgresql/15/main";

    @Test
    void aFreshClusterHoldsNothingOfItsOwn() throws IOException {
        DataDirectory fresh = verdict(0, resource("listing-fresh.txt"), "");

        assertThat(fresh.kind()).as(fresh.detail()).isEqualTo(DataDirectory.Kind.NOTHING);
    }

    @Test
    void databasesAndATableCreatedInPostgresAreDataOfItsOwnNamedFromPgDatabase() throws IOException {
        DataDirectory own = verdict(0, resource("listing-own-data.txt"), "");

        assertThat(own.kind()).isEqualTo(DataDirectory.Kind.OWN_DATA);
        assertThat(own.detail()).isEqualTo("database speedy (oid 16384); database other db (oid 16385);"
                + " 1 relation(s) created in the database postgres");
    }

    @Test
    void aDatabaseWhoseRowIsNotOnDiskYetIsStillDataNamedByItsOid() throws IOException {
        String listing = resource("listing-fresh.txt").replace("db 5\n", "db 5\ndb 16390\n");

        assertThat(verdict(0, listing, "").detail()).isEqualTo("database oid 16390 (its name is not on disk yet)");
        assertThat(DataDirectory.of(DIR, "15", 0, listing, "", Map.of(16390L, "keepme")).detail())
                .as("a running server's answer names it").isEqualTo("database keepme (oid 16390)");
    }

    @Test
    void aTablespaceIsDataOfItsOwn() throws IOException {
        String listing = resource("listing-fresh.txt").replace("end\n", "tblspc 16400\nend\n");

        assertThat(verdict(0, listing, "").kind()).isEqualTo(DataDirectory.Kind.OWN_DATA);
        assertThat(verdict(0, listing, "").detail()).contains("tablespace(s) 16400");
    }

    @Test
    void aFailedOrCutShortListingIsUnknownNeverNothing() throws IOException {
        String fresh = resource("listing-fresh.txt");

        assertThat(verdict(3, fresh, "find: 'base/5': Permission denied").detail())
                .isEqualTo("listing " + DIR + " failed (exit 3): find: 'base/5': Permission denied");
        assertThat(verdict(0, fresh.replace("end\n", ""), "").kind()).isEqualTo(DataDirectory.Kind.UNKNOWN);
        assertThat(verdict(255, "", "").kind()).isEqualTo(DataDirectory.Kind.UNKNOWN);
    }

    @Test
    void whatDoesNotLookLikeAClusterIsUnknown() throws IOException {
        String fresh = resource("listing-fresh.txt");

        assertThat(verdict(0, "top lost+found\ntop notes.txt\nend\n", "").detail())
                .isEqualTo(DIR + " holds files (lost+found, notes.txt) but no PG_VERSION");
        assertThat(verdict(0, fresh.replace("version 15", "version 13"), "").detail())
                .isEqualTo(DIR + "/PG_VERSION says 13, the cluster is 15");
        assertThat(verdict(0, fresh.replace("control\n", ""), "").detail()).contains("no global/pg_control");
        assertThat(verdict(0, fresh.replace("db 5\n", "db 5\ndb 77\n"), "").kind())
                .isEqualTo(DataDirectory.Kind.UNKNOWN);
        assertThat(verdict(0, "absent\nend\n", "").detail()).contains("does not exist");
    }

    @Test
    void anEmptyDirectoryHoldsNothing() {
        assertThat(verdict(0, "end\n", "").kind()).isEqualTo(DataDirectory.Kind.NOTHING);
    }

    @Test
    void aMarkedUnfinishedCloneIsItsOwnCopyUntilItWasPromoted() throws IOException {
        String marker = "marker push db replica: a clone from 10.0.0.1 started 2026-12-01T17:00:00Z\n";
        String halfCopied = marker + "top PG_VERSION\ntop base\nversion 15\ndb 1\ndb 16384\nend\n";
        String own = resource("listing-own-data.txt");

        assertThat(verdict(0, halfCopied, "").kind()).isEqualTo(DataDirectory.Kind.UNFINISHED_CLONE);
        assertThat(verdict(0, halfCopied, "").detail()).contains("a clone from 10.0.0.1");
        assertThat(verdict(0, marker + own.replace("top base\n", "top base\ntop standby.signal\n"), "").kind())
                .as("copied to the end, not yet streaming").isEqualTo(DataDirectory.Kind.UNFINISHED_CLONE);
        assertThat(verdict(0, marker + own.replace("top base\n", "top base\ntop backup_label\n"), "").kind())
                .as("finished by a pg_basebackup that outlived push, never started")
                .isEqualTo(DataDirectory.Kind.UNFINISHED_CLONE);
        assertThat(verdict(0, marker + own, "").kind()).as("a stale marker beside a promoted cluster")
                .isEqualTo(DataDirectory.Kind.OWN_DATA);
        assertThat(verdict(0, marker + "absent\nend\n", "").kind()).as("moved aside, not yet recreated")
                .isEqualTo(DataDirectory.Kind.UNFINISHED_CLONE);
        assertThat(verdict(3, halfCopied, "").kind()).as("a failed listing, marker or not")
                .isEqualTo(DataDirectory.Kind.UNKNOWN);
    }

    @Test
    void pgDatabaseNamesEveryDatabaseByOid() throws IOException {
        String b64 = resource("listing-own-data.txt").lines().filter(l -> l.startsWith("pg_database "))
                .findFirst().orElseThrow().substring("pg_database ".length());

        assertThat(PgDatabaseFile.names(Base64.getDecoder().decode(b64))).isEqualTo(Map.of(1L, "template1",
                4L, "template0", 5L, "postgres", 16384L, "speedy", 16385L, "other db"));
        assertThat(PgDatabaseFile.names(new byte[8192])).as("an empty page").isEmpty();
        assertThat(PgDatabaseFile.names(new byte[100])).as("less than a page").isEmpty();
    }

    private static DataDirectory verdict(int exit, String stdout, String stderr) {
        return DataDirectory.of(DIR, "15", exit, stdout, stderr, Map.of());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DataDirectoryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
