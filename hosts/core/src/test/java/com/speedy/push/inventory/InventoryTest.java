package com.speedy.push.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading inventories: the example, the testbed's, and every kind of problem, all reported at once. */
class InventoryTest {
    static final Path HOME = Path.of("/home/ops");
    static final Path FILE = Path.of("/etc/push/inventory.yaml");

    static Inventory parse(String text) throws InventoryException {
        return Inventory.parse(FILE, text, HOME);
    }

    /** The problems of an inventory that must not read, one "LINE:COLUMN: KEY: PROBLEM" string each. */
    static List<String> problems(String text) {
        try {
            parse(text);
        } catch (InventoryException e) {
            return e.problems().stream().map(p -> p.toString().substring(FILE.toString().length() + 1).strip())
                    .toList();
        }
        throw new AssertionError("the inventory read without problems");
    }

    @Test
    void theCommentedExampleReadsWithoutProblemsAndMeansWhatItsCommentsSay() throws Exception {
        Inventory inventory = Inventory.read(Path.of("../inventory/example.yaml"), HOME, FileAccess.unchecked());

        assertThat(inventory.hosts()).extracting(h -> h.name().toString())
                .containsExactly("cauldron", "db1", "db2", "app1", "app2", "mon1", "backup1");
        Host cauldron = inventory.host(HostName.parse("cauldron")).orElseThrow();
        assertThat(cauldron.address()).isEqualTo("192.168.10.5");
        assertThat(cauldron.port()).isEqualTo(2222);
        assertThat(cauldron.user()).isEqualTo("root");
        assertThat(cauldron.suite()).hasValueSatisfying(s -> assertThat(s).hasToString("dev"));
        assertThat(cauldron.packages()).extracting(Object::toString)
                .containsExactly("speedy-app", "speedy-notifier", "speedy-jobs");
        Host app2 = inventory.host(HostName.parse("app2")).orElseThrow();
        assertThat(app2.user()).isEqualTo("deploy");
        assertThat(app2.port()).isEqualTo(22);
        assertThat(app2.suite()).hasValueSatisfying(s -> assertThat(s).hasToString("stable"));
        assertThat(app2.packages()).extracting(Object::toString)
                .containsExactly("speedy-app=1.0.0-1", "speedy-notifier", "speedy-jobs");
        assertThat(inventory.members(GroupName.parse("db"))).extracting(h -> h.name().toString())
                .containsExactly("cauldron", "db1", "db2");

        Repository repository = inventory.repository().orElseThrow();
        assertThat(repository.url()).isEqualTo(URI.create("http://apt.speedy.example/"));
        assertThat(repository.keyring()).isEqualTo(Path.of("/srv/apt/conf/archive-keyring.gpg"));
        SshSettings ssh = inventory.ssh();
        assertThat(ssh.knownHosts()).isEqualTo(HOME.resolve(".ssh/known_hosts"));
        assertThat(ssh.keys()).containsExactly(HOME.resolve(".ssh/id_ed25519"));
        assertThat(ssh.agent()).isTrue();
        assertThat(ssh.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ssh.commandTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(inventory.monitoring()).contains(new Monitoring(HostName.parse("mon1"), new Monitoring.Contacts(
                List.of("ops@speedy.example", "oncall@speedy.example"),
                Optional.of("/usr/local/bin/chat-alert speedy-ops"))));
        assertThat(inventory.backup()).contains(new Backup(HostName.parse("backup1"), "speedy",
                Backup.BaseBackupRetention.DEFAULT, Backup.DumpRetention.DEFAULT, Optional.of(new ObjectStorage(
                        URI.create("https://s3.eu-central-1.amazonaws.com"), "speedy-backups",
                        HOME.resolve(".config/speedy/s3-credentials"),
                        List.of("age1rjcf308v4fvs3rxdzntxad6tvfk8jjxt58xfw0v5klg8f0yzr5pqh7kcq8")))));
    }

    @Test
    void theTestbedsInventoryReadsWithTheDefaultsForWhatItLeavesOut() throws Exception {
        Inventory inventory = parse(TestbedInventory.TEXT);

        assertThat(inventory.hosts()).containsExactly(
                new Host(HostName.parse("host1"), "10.213.7.11", 22, "root", List.of(), Optional.empty(),
                        Optional.empty(), List.of()),
                new Host(HostName.parse("host2"), "10.213.7.12", 22, "root", List.of(), Optional.empty(),
                        Optional.empty(), List.of()));
        assertThat(inventory.ssh().knownHosts()).isEqualTo(Path.of("/var/lib/speedy-testbed/known_hosts"));
        assertThat(inventory.ssh().keys()).containsExactly(Path.of("/var/lib/speedy-testbed/ssh/id_ed25519"));
        assertThat(inventory.ssh().agent()).isFalse();
        assertThat(inventory.ssh().connectTimeout()).isEqualTo(SshSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(inventory.repository()).isEmpty();
        assertThat(inventory.groups()).isEmpty();
        assertThat(inventory.monitoring()).isEmpty();
    }

    @Test
    void theTestbedFixtureIsWhatBinTestbedWritesToday(@TempDir Path dir) throws Exception {
        // Runs only bin/testbed's write_inventory, with two made-up hosts, so that a change to it shows up here.
        Path written = dir.resolve("testbed.yaml");
        String shell = "set -eu; eval \"$(sed -n '/^write_inventory() {/,/^}/p' \"$1\")\"; type write_inventory >/dev/null;"
                + " host_names() { echo host1 host2; };"
                + " host_address() { case $1 in host1) echo 10.213.7.11;; *) echo 10.213.7.12;; esac; };"
                + " STATE=/var/lib/speedy-testbed INVENTORY=$2 write_inventory";
        ProcessResult bash = LocalCommand.of("bash", "-c", shell, "bash", "../../bin/testbed", written.toString())
                .withStderrMerged().run();
        assertThat(bash.exitStatus()).as(bash.stdoutText()).isZero();

        assertThat(Files.readString(written)).isEqualTo(TestbedInventory.TEXT);
    }

    @Test
    void aBadInventoryReportsEveryProblemAtOnceEachAtItsLineAndColumn() {
        assertThatThrownBy(() -> Inventory.read(Path.of("src/test/resources/bad-inventory.yaml"), HOME, FileAccess.unchecked()))
                .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString)
                        .containsExactly(
                                "src/test/resources/bad-inventory.yaml:3:8: repository.url: 'ftp://apt.speedy.example/'"
                                        + " is not an http or https URL such as http://apt.speedy.example/",
                                "src/test/resources/bad-inventory.yaml:8:10: ssh.agent: 'maybe' is not true or false",
                                "src/test/resources/bad-inventory.yaml:9:3: ssh.conect_timeout: unknown key;"
                                        + " did you mean connect_timeout?",
                                "src/test/resources/bad-inventory.yaml:10:20: ssh.command_timeout: 'forever' is not"
                                        + " a duration above zero such as 500ms, 10s, 5m, 2h or 7d",
                                "src/test/resources/bad-inventory.yaml:16:28: groups.app.packages[1]: invalid Debian"
                                        + " package name 'Speedy_Jobs': must start with a lower-case letter or digit"
                                        + " and contain only a-z, 0-9, '+', '-' and '.'",
                                "src/test/resources/bad-inventory.yaml:21:11: hosts.db1.port: '70000' is not a port"
                                        + " number (1 to 65535)",
                                "src/test/resources/bad-inventory.yaml:22:18: hosts.db1.groups[1]: undefined group"
                                        + " 'dbs'; did you mean db?",
                                "src/test/resources/bad-inventory.yaml:24:3: hosts.app1.address: missing; set it to"
                                        + " its IP address or DNS name, e.g. address: 10.0.0.11",
                                "src/test/resources/bad-inventory.yaml:26:13: hosts.app1.groups: expected a list of"
                                        + " groups, found 'app'; write [app]",
                                "src/test/resources/bad-inventory.yaml:27:18: hosts.app1.environment: undefined"
                                        + " environment 'prod'; defined: production",
                                "src/test/resources/bad-inventory.yaml:30:16: hosts.app2.packages[0]: invalid Debian"
                                        + " version '': version is empty",
                                "src/test/resources/bad-inventory.yaml:32:3: hosts.db1: defined twice (first at line"
                                        + " 19); remove one",
                                "src/test/resources/bad-inventory.yaml:35:11: monitoring.server: undefined host"
                                        + " 'mon1'; defined: db1, app1, app2"));
    }

    @Test
    void duplicateKeysAreReportedAtEveryLevelInsteadOfTheLastOneWinning() {
        assertThat(problems("""
                ssh: {user: root, agent: true}
                hosts:
                  db1:
                    address: 10.0.0.1
                    address: 10.0.0.2
                  app1: {address: 10.0.0.3, port: 22, port: 2222}
                groups:
                  app:
                  app:
                hosts:
                  db2: {address: 10.0.0.4}
                """)).containsExactly(
                "5:5: hosts.db1.address: defined twice (first at line 4); remove one",
                "6:39: hosts.app1.port: defined twice (first at line 6); remove one",
                "9:3: groups.app: defined twice (first at line 8); remove one",
                "10:1: hosts: defined twice (first at line 2); remove one");
    }

    @Test
    void unknownKeysAreRefusedWithTheClosestKnownKeyOrTheKnownOnes() {
        assertThat(problems("""
                ssh: {user: root, agent: true, key: [/k]}
                hosts:
                  db1: {adress: 10.0.0.1, group: [db]}
                host: {}
                """)).containsExactly(
                "1:32: ssh.key: unknown key; did you mean keys?",
                "3:3: hosts.db1.address: missing; set it to its IP address or DNS name, e.g. address: 10.0.0.11",
                "3:9: hosts.db1.adress: unknown key; did you mean address?",
                "3:27: hosts.db1.group: unknown key; did you mean groups?",
                "4:1: host: unknown key; did you mean hosts?");
        assertThat(problems("hosts: {db1: {address: 10.0.0.1, user: root, colour: red}}\nssh: {agent: true}"))
                .containsExactly("1:46: hosts.db1.colour: unknown key; known here: address, port, user, jump,"
                        + " groups, environment, packages");
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedSayingWhatWasExpected() {
        assertThat(problems("""
                ssh: {user: [root], keys: /k, agent: "true", connect_timeout: 0s}
                hosts:
                  db1: [10.0.0.1]
                  db2: {address: 10.0.0.2, port: "22", packages: {speedy-app: 1.0}}
                monitoring: mon1
                """)).containsExactly(
                "1:13: ssh.user: expected a user name, found a list",
                "1:27: ssh.keys: expected a list of key files, found '/k'; write [/k]",
                "1:38: ssh.agent: 'true' is not true or false",
                "1:63: ssh.connect_timeout: '0s' is not a duration above zero such as 500ms, 10s, 5m, 2h or 7d",
                "3:8: hosts.db1: expected a mapping of address, port, user, jump, groups, environment,"
                        + " packages, found a list",
                "4:34: hosts.db2.port: '22' is not a port number (1 to 65535)",
                "4:50: hosts.db2.packages: expected a list of NAME or NAME=VERSION, found a mapping",
                "5:13: monitoring: expected a mapping of server, contacts, found 'mon1'");
    }

    @Test
    void namesAndReferencesAreCheckedWhereTheyAreWritten() {
        assertThat(problems("""
                ssh: {user: root, agent: true}
                environments:
                  Production: {suite: stable}
                  staging: {suite: "qa/1"}
                groups:
                  app:
                  db1:
                hosts:
                  db1: {address: 10.0.0.1, groups: [app, app], environment: staging}
                  app_1: {address: "10.0.0.2 ", user: "Deploy"}
                monitoring:
                  server: app_1
                """)).containsExactly(
                "3:3: environments.Production: 'Production' is not a valid environment name (lower-case letters,"
                        + " digits, '-' and '.', starting with a letter or digit, at most 63 characters)",
                "4:20: environments.staging.suite: \"qa/1\" is not a suite name (lower-case letters, digits, '.',"
                        + " '+', '-')",
                "7:3: groups.db1: 'db1' is also a host, and a command-line target must name one or the other;"
                        + " rename one",
                "9:42: hosts.db1.groups[1]: 'app' is listed twice (first as hosts.db1.groups[0])",
                "10:3: hosts.app_1: 'app_1' is not a valid host name (lower-case letters, digits, '-' and '.',"
                        + " starting with a letter or digit, at most 63 characters)",
                "10:20: hosts.app_1.address: '10.0.0.2 ' is not an IP address or DNS name",
                "10:39: hosts.app_1.user: 'Deploy' is not a user name",
                "12:11: monitoring.server: 'app_1' is not a valid host name (lower-case letters, digits, '-' and"
                        + " '.', starting with a letter or digit, at most 63 characters)");
    }

    @Test
    void monitoringContactsAreAddressesAndOneCommandThatNoShellCanReadTwiceElseRefusedWhereWritten() {
        assertThat(problems("""
                ssh: {user: root, agent: true}
                hosts:
                  mon1: {address: 10.0.0.1}
                monitoring:
                  server: mon1
                  contacts:
                    email: [ops@example.com, "ops@example.com; rm -rf /", oncall]
                    command: chat-alert $(id)
                    phone: 555
                """)).containsExactly(
                "7:30: monitoring.contacts.email[1]: 'ops@example.com; rm -rf /' is not an e-mail address such as"
                        + " ops@example.com",
                "7:59: monitoring.contacts.email[2]: 'oncall' is not an e-mail address such as ops@example.com",
                "8:14: monitoring.contacts.command: 'chat-alert $(id)' is not an absolute path and plain arguments"
                        + " such as /usr/local/bin/chat-alert ops (no quotes or shell characters)",
                "9:5: monitoring.contacts.phone: unknown key; known here: email, command");
    }

    @Test
    void everyHostNeedsAUserAWayToLogInAndWithARepositoryASuite() {
        assertThat(problems("""
                repository: {url: "https://apt.speedy.example/", keyring: keyring.gpg}
                hosts:
                  db1: {address: 10.0.0.1}
                  db2: {address: 10.0.0.2, user: postgres}
                """)).containsExactly(
                "3:3: hosts.db1.user: missing; set it here or as ssh.user",
                "3:3: hosts.db1: no suite to install from: give it an environment, or set repository.suite",
                "4:3: hosts.db2: no suite to install from: give it an environment, or set repository.suite",
                "ssh: nothing to log in with: list private key files under keys, or set agent: true");
    }

    @Test
    void aHostRunsItsOwnPackagesAndItsGroupsWithItsOwnEntryWinning() throws Exception {
        Inventory inventory = parse("""
                ssh: {user: root, agent: true}
                groups:
                  app: {packages: [speedy-app=1.0.0-1, speedy-jobs]}
                  workers: {packages: [speedy-notifier, speedy-jobs]}
                hosts:
                  app1: {address: 10.0.0.1, groups: [app, workers]}
                  app2: {address: 10.0.0.2, groups: [app], packages: [speedy-app=1.1.0-1, speedy-backup]}
                  app3: {address: 10.0.0.3, groups: [app], packages: [speedy-app]}
                """);

        assertThat(packages(inventory, "app1")).containsExactly("speedy-app=1.0.0-1", "speedy-jobs", "speedy-notifier");
        assertThat(packages(inventory, "app2")).containsExactly("speedy-app=1.1.0-1", "speedy-backup", "speedy-jobs");
        assertThat(packages(inventory, "app3")).containsExactly("speedy-app", "speedy-jobs");
    }

    @Test
    void twoGroupsOfAHostWantingOnePackageDifferentlyIsAConflictTheHostMustSettle() throws Exception {
        String groups = """
                ssh: {user: root, agent: true}
                groups:
                  app: {packages: [speedy-app=1.0.0-1]}
                  canary: {packages: [speedy-app=1.1.0-1]}
                hosts:
                """;
        assertThat(problems(groups + "  app1: {address: 10.0.0.1, groups: [app, canary]}\n")).containsExactly(
                "6:3: hosts.app1.packages: its groups app and canary want speedy-app=1.0.0-1 and speedy-app=1.1.0-1;"
                        + " name the package here to settle it");
        assertThat(packages(parse(groups + "  app1: {address: 10.0.0.1, groups: [app, canary],"
                + " packages: [speedy-app=1.1.0-1]}\n"), "app1")).containsExactly("speedy-app=1.1.0-1");
    }

    @Test
    void relativePathsAreNextToTheInventoryAndTildeIsTheHomeFolder() throws Exception {
        Inventory inventory = parse("""
                repository: {url: "http://apt/", suite: dev, keyring: keys/archive-keyring.gpg}
                ssh: {user: root, known_hosts: ~/known, keys: [../id_ed25519, /abs/key]}
                hosts: {h1: {address: h1.example}}
                """);

        assertThat(inventory.repository().orElseThrow().keyring()).isEqualTo(Path.of("/etc/push/keys/archive-keyring.gpg"));
        assertThat(inventory.ssh().knownHosts()).isEqualTo(Path.of("/home/ops/known"));
        assertThat(inventory.ssh().keys()).containsExactly(Path.of("/etc/id_ed25519"), Path.of("/abs/key"));
        assertThat(inventory.hosts().get(0).suite()).hasValueSatisfying(s -> assertThat(s).hasToString("dev"));
    }

    @Test
    void textThatIsNotOneYamlMappingIsRefusedWithWhereItBreaks() {
        assertThat(problems("")).containsExactly("the file is empty; an inventory needs at least hosts:");
        assertThat(problems("- db1\n- db2\n")).containsExactly(
                "1:1: expected a mapping of repository, ssh, environments, groups, hosts, monitoring, backup, bootstrap,"
                        + " firewall, secrets, found a list");
        assertThat(problems("hosts:\n  db1: {address: [10.0.0.1\n")).containsExactly(
                "2:27: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
        assertThat(problems("ssh: {agent: true, user: root}\nhosts:\n  db1: &db {address: 10.0.0.1}\n  db2: *db\n"
                + "---\nhosts: {}\n")).containsExactly(
                "4:8: hosts.db2: the alias *db is not supported here; write the value out",
                "6:1: a second YAML document ('---'); an inventory is one document");
        assertThat(problems("ssh: {user: root, agent: true}\nhosts:\n")).containsExactly("2:1: hosts: no hosts listed");
        assertThat(problems("ssh: {user: root, agent: true}\n")).containsExactly(
                "hosts: missing; list the hosts, e.g. hosts: {db1: {address: 10.0.0.11}}");
    }

    @Test
    void aMissingFileIsReportedByName() {
        assertThatThrownBy(() -> Inventory.read(Path.of("/nonexistent/inventory.yaml"), HOME))
                .isInstanceOf(InventoryException.class)
                .hasMessage("/nonexistent/inventory.yaml: no such file");
    }

    @Test
    void aKnownHostsFileOrKeyThatCannotBeReadIsReportedAtItsKey(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
        Path inventory = Files.writeString(dir.resolve("inventory.yaml"), "ssh:\n  user: root\n"
                + "  known_hosts: " + dir.resolve("known_hosts") + "\n"
                + "  keys: [" + key + ", " + dir.resolve("gone") + "]\n"
                + "hosts:\n  db1: {address: 10.0.0.1}\n");

        assertThatThrownBy(() -> Inventory.read(inventory, dir))
                .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(
                                inventory + ":3:3: ssh.known_hosts: " + dir.resolve("known_hosts") + " does not exist;"
                                        + " every host would fail as having an unknown key. Name the right file, or,"
                                        + " for new hosts, create it (touch " + dir.resolve("known_hosts") + ") and"
                                        + " check and record each host's key with push trust --record",
                                inventory + ":4:3: ssh.keys: key file " + dir.resolve("gone") + " does not exist"));

        Files.writeString(dir.resolve("known_hosts"), "");
        Files.writeString(inventory, Files.readString(inventory).replace(", " + dir.resolve("gone"), ""));
        assertThat(Inventory.read(inventory, dir).ssh().knownHosts()).isEqualTo(dir.resolve("known_hosts"));
    }

    @Test
    void aByteThatIsNotUtf8IsReportedAtItsLineAndColumn(@TempDir Path dir) throws Exception {
        // Latin-1 "é" (0xE9) after a UTF-8 "é", as an editor in the wrong encoding would write it.
        byte[] before = "ssh: {user: root, agent: true}\nhosts:\n  db1: {address: 10.0.0.\u00e9"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(before, before.length + 3);
        bytes[before.length] = (byte) 0xe9;
        bytes[before.length + 1] = '}';
        bytes[before.length + 2] = '\n';
        Path inventory = Files.write(dir.resolve("inventory.yaml"), bytes);

        assertThatThrownBy(() -> Inventory.read(inventory, dir))
                .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(inventory + ":3:26: byte 0xE9 (at byte offset 64)"
                                + " is not UTF-8; an inventory is UTF-8 text"));
    }

    @Test
    void nestingDeeperThanTheParserAllowsIsAProblemWithItsPosition() {
        assertThat(problems("hosts: " + "[".repeat(20_000))).singleElement().asString()
                .startsWith("1:").contains("not valid YAML: ").contains("nesting depth");
    }

    static List<String> packages(Inventory inventory, String host) throws InvalidNameException {
        return inventory.host(HostName.parse(host)).orElseThrow().packages().stream().map(Object::toString).toList();
    }
}
