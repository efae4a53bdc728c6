package com.speedy.push.inventory;

import static com.speedy.push.inventory.InventoryTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory's {@code backup} section: its defaults, and every problem in it reported at once where it stands. */
class BackupSectionTest {
    private static final String HOSTS = """
            ssh: {user: root, keys: [/k]}
            hosts:
              db1: {address: 10.0.0.11}
              backup1: {address: 10.0.0.31}
            """;
    private static final String KEY = "age1rjcf308v4fvs3rxdzntxad6tvfk8jjxt58xfw0v5klg8f0yzr5pqh7kcq8";

    @Test
    void onlyTheServerIsRequiredAndTheRestHasItsDefaults() throws Exception {
        Inventory inventory = InventoryTest.parse(HOSTS + "backup: {server: backup1}\n");

        assertThat(inventory.backup()).contains(new Backup(HostName.parse("backup1"), "speedy",
                new Backup.BaseBackupRetention(4, 30), new Backup.DumpRetention(7, 4, 12), Optional.empty()));
        assertThat(InventoryTest.parse(HOSTS).backup()).isEmpty();
    }

    @Test
    void everyValueIsReadAsWritten() throws Exception {
        Inventory inventory = InventoryTest.parse(HOSTS + """
                backup:
                  server: backup1
                  database: shop_2
                  base_backups: {keep: 2, window: 14d}
                  dumps: {daily: 3, weekly: 0, monthly: 24}
                  s3: {endpoint: 'http://10.213.7.1:9000/', bucket: speedy.backups-1, credentials: s3.cred,
                       recipients: [%s]}
                """.formatted(KEY));

        Backup backup = inventory.backup().orElseThrow();
        assertThat(backup.database()).isEqualTo("shop_2");
        assertThat(backup.baseBackups()).isEqualTo(new Backup.BaseBackupRetention(2, 14));
        assertThat(backup.dumps()).isEqualTo(new Backup.DumpRetention(3, 0, 24));
        ObjectStorage s3 = backup.objectStorage().orElseThrow();
        assertThat(s3.endpoint()).hasToString("http://10.213.7.1:9000/");
        assertThat(s3.bucket()).isEqualTo("speedy.backups-1");
        assertThat(s3.credentials()).isEqualTo(InventoryTest.FILE.resolveSibling("s3.cred"));
        assertThat(s3.recipients()).containsExactly(KEY);
    }

    @Test
    void everyProblemInTheSectionIsReportedAtItsLineAndColumn() {
        assertThat(problems(HOSTS + """
                backup:
                  server: backup2
                  database: Speedy-DB
                  base_backups: {keep: 0, window: 36h}
                  dumps: {daily: 0, weekly: -1, monthly: many, yearly: 3}
                  s3: {endpoint: 's3.example', bucket: B, recipients: [age1short, %s]}
                """.formatted(KEY))).containsExactly(
                "6:11: backup.server: undefined host 'backup2'; did you mean backup1?",
                "7:13: backup.database: 'Speedy-DB' is not a database name such as speedy",
                "8:24: backup.base_backups.keep: '0' is not a count from 1 to 10000",
                "8:35: backup.base_backups.window: '36h' is not a whole number of days such as 30d",
                "9:18: backup.dumps.daily: '0' is not a count from 1 to 10000",
                "9:29: backup.dumps.weekly: '-1' is not a count from 0 to 10000",
                "9:42: backup.dumps.monthly: 'many' is not a count from 0 to 10000",
                "9:48: backup.dumps.yearly: unknown key; known here: daily, weekly, monthly",
                "10:3: backup.s3.credentials: missing; set it to an AWS-style credentials file on this machine, e.g."
                        + " ~/.config/speedy/s3-credentials",
                "10:18: backup.s3.endpoint: 's3.example' is not an http or https URL such as"
                        + " http://apt.speedy.example/",
                "10:40: backup.s3.bucket: 'B' is not a bucket name (3 to 63 lower-case letters, digits, dots and"
                        + " hyphens)",
                "10:56: backup.s3.recipients[0]: 'age1short' is not an age public key (age1…, from age-keygen -y)");
    }

    @Test
    void aCredentialsFileThatCannotBeReadIsReportedAtItsKey(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
        Files.writeString(dir.resolve("known_hosts"), "");
        Path inventory = Files.writeString(dir.resolve("inventory.yaml"), HOSTS
                .replace("keys: [/k]", "keys: [" + key + "], known_hosts: " + dir.resolve("known_hosts")) + """
                backup:
                  server: backup1
                  s3: {endpoint: 'https://s3.example/', bucket: speedy, credentials: absent.cred, recipients: [%s]}
                """.formatted(KEY));

        assertThatThrownBy(() -> Inventory.read(inventory, dir))
                .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(inventory + ":7:57: backup.s3.credentials:"
                                + " credentials file " + dir.resolve("absent.cred") + " does not exist"));

        Files.writeString(dir.resolve("absent.cred"), "[default]\n");
        assertThat(Inventory.read(inventory, dir).backup().orElseThrow().objectStorage()).isPresent();
    }
}
