package com.speedy.push.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.TestbedInventory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** push as a user runs it: output, errors and exit codes. */
class PushCliTest {
    private static final String EXAMPLE = "../inventory/example.yaml";
    private static final String BAD = "../core/src/test/resources/bad-inventory.yaml";

    @TempDir
    Path dir;

    private String realHome;

    /**
     * The example names ~/.ssh/known_hosts, ~/.ssh/id_ed25519 and ~/.config/speedy/s3-credentials, which push checks
     * can be read: a home of the test's own has them, whatever the machine's has.
     */
    @BeforeEach
    void homeWithSshFiles() throws Exception {
        realHome = System.getProperty("user.home");
        Path home = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(home.resolve("known_hosts"), "");
        Files.writeString(home.resolve("id_ed25519"), "");
        Path config = Files.createDirectories(dir.resolve("home/.config/speedy"));
        Files.writeString(config.resolve("s3-credentials"), "");
        System.setProperty("user.home", dir.resolve("home").toString());
    }

    @AfterEach
    void realHomeBack() {
        System.setProperty("user.home", realHome);
    }

    @Test
    void checkingAGoodInventorySummarisesItAndExitsZero() {
        Result result = run("inventory", "check", "-i", EXAMPLE);

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out).isEqualTo(EXAMPLE + ": no problems; 7 hosts, 4 groups, 2 environments\n");
        assertThat(result.err).isEmpty();
    }

    @Test
    void checkingABadInventoryPrintsEveryProblemAsFileLineColumnAndExitsTwo() {
        Result result = run("inventory", "check", "--inventory", BAD);

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.err.lines()).hasSize(14)
                .contains(BAD + ":21:11: hosts.db1.port: '70000' is not a port number (1 to 65535)",
                        BAD + ":32:3: hosts.db1: defined twice (first at line 19); remove one")
                .last().isEqualTo("push: 13 problems in the inventory " + BAD + "; nothing was done");
        assertThat(result.err.lines().limit(13)).allMatch(line -> line.matches(BAD + ":\\d+:\\d+: \\S+: .+"));
    }

    @Test
    void aMissingInventorySaysHowToNameOneAndExitsTwo() {
        Result result = run("inventory", "check", "-i", dir.resolve("nowhere.yaml").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).isEqualTo("push: no inventory at " + dir.resolve("nowhere.yaml") + "; name one with"
                + " -i FILE or $PUSH_INVENTORY (bin/testbed up writes hosts/inventory/testbed.yaml)\n");
    }

    @Test
    void showListsEachHostWithWhatItShouldRunAsATableOrJson() throws Exception {
        Result table = run("inventory", "show", "-i", EXAMPLE);
        assertThat(table.exitCode).isZero();
        assertThat(table.out.lines().findFirst()).hasValueSatisfying(header -> assertThat(header.split(" +"))
                .containsExactly("HOST", "ADDRESS", "PORT", "USER", "GROUPS", "ENVIRONMENT", "SUITE", "PACKAGES"));
        assertThat(table.out.lines().filter(line -> line.startsWith("app2 ")).findFirst()).hasValueSatisfying(line ->
                assertThat(line.split(" +")).containsExactly("app2", "10.0.0.22", "22", "deploy", "app", "production",
                        "stable", "speedy-app=1.0.0-1", "speedy-notifier", "speedy-jobs"));

        // The testbed's files exist only while it is up: the same inventory, over files of the test's own.
        Path state = Files.createDirectories(dir.resolve("speedy-testbed/ssh"));
        Files.writeString(state.resolve("id_ed25519"), "");
        Files.writeString(state.getParent().resolve("known_hosts"), "");
        Path testbed = Files.writeString(dir.resolve("testbed.yaml"),
                TestbedInventory.TEXT.replace("/var/lib/speedy-testbed/", state.getParent() + "/"));
        Result json = run("inventory", "show", "-i", testbed.toString(), "--json");
        assertThat(json.exitCode).isZero();
        assertThat(json.out).contains("\"name\" : \"host1\"", "\"address\" : \"10.213.7.11\"", "\"user\" : \"root\"",
                "\"suite\" : \"\"", "\"packages\" : [ ]");
    }

    @Test
    void aMistypedHostOrPackageIsRefusedBeforeAnyHostIsContactedEachWithTheClosestName() {
        Result host = run("upgrade", "app9", "app1", "-i", EXAMPLE);
        Result pkg = run("upgrade", "speedy-ap", "app1", "-i", EXAMPLE);
        Result both = run("install", "speedy-ap", "speedy-app", "db9", "-i", EXAMPLE, "--dry-run");
        Result remove = run("remove", "speedy-app", "App1", "-i", EXAMPLE);

        for (Result r : List.of(host, pkg, both, remove)) {
            assertThat(r.exitCode).as(r.err).isEqualTo(Push.BAD_INPUT);
            assertThat(r.out).as("nothing contacted").doesNotContain("connecting");
        }
        assertThat(host.err).startsWith("push: no host, group or package named app9 (did you mean app?) in "
                + EXAMPLE);
        assertThat(pkg.err).startsWith("push: no host, group or package named speedy-ap (did you mean speedy-app?)");
        assertThat(both.err).startsWith("push: no host, group or package named speedy-ap (did you mean speedy-app?),"
                + " db9 (did you mean db?)");
        assertThat(remove.err).startsWith("push: no host, group or package named App1 (did you mean app1?)");
    }

    @Test
    void aHostArgumentThatNamesNoHostIsRefusedWithTheClosest() {
        Result rejoin = run("db", "rejoin", "db3", "-i", EXAMPLE);
        Result alias = run("db", "alias", "set", "dbl", "-i", EXAMPLE);

        assertThat(rejoin.exitCode).as(rejoin.err).isEqualTo(Push.BAD_INPUT);
        assertThat(rejoin.err).startsWith("push: HOST 'db3' is not a host of " + EXAMPLE + " (did you mean db1?)");
        assertThat(alias.exitCode).as(alias.err).isEqualTo(Push.BAD_INPUT);
        assertThat(alias.err).startsWith("push: DBHOST 'dbl' is not a host of " + EXAMPLE + " (did you mean db1?)");
    }

    @Test
    void usageErrorsExitTwoAndFailuresShowTheirTraceOnlyWhenAskedTo() throws Exception {
        assertThat(run("inventory").exitCode).as("no subcommand").isEqualTo(2);
        assertThat(run("inventory").err).contains("name a subcommand: check or show");
        assertThat(run("inventory", "check", "--no-such-option").exitCode).isEqualTo(2);
        assertThat(run("nonsense").exitCode).isEqualTo(2);

        Path unreadable = Files.createDirectory(dir.resolve("a-folder.yaml"));
        Result quiet = run("inventory", "check", "-i", unreadable.toString());
        assertThat(quiet.exitCode).isEqualTo(2);
        assertThat(quiet.err).doesNotContain("\tat ");
        Result traced = run("inventory", "check", "-i", unreadable.toString(), "--stacktrace");
        assertThat(traced.err).contains(unreadable + ": cannot read it", "\tat com.speedy.push.inventory.Inventory");
    }

    @Test
    void everyCommandsHelpShowsAnExampleAndTheRootsTheExitCodes() {
        CommandLine cli = Push.commandLine();
        assertThat(cli.getUsageMessage()).contains("Example:", "Exit codes: 0 done, 1 some hosts failed,",
                "2 bad usage or bad input (nothing was done)");
        CommandLine inventory = cli.getSubcommands().get("inventory");
        assertThat(inventory.getUsageMessage()).contains("Example:");
        for (String command : new String[] {"check", "show"}) {
            assertThat(inventory.getSubcommands().get(command).getUsageMessage()).as(command).contains("Example:");
        }
        Result version = run("--version");
        assertThat(version.exitCode).isZero();
        assertThat(version.out).startsWith("push ");
    }

    @Test
    void theCommandLineMainBuildsForItsArgumentsAnswersAsTheWholeOneDoes() {
        List<String[]> runs = new java.util.ArrayList<>(List.of(new String[] {"--version"}, new String[] {"--help"},
                new String[] {"upgrad"}, new String[] {"db", "--help"}, new String[] {"db", "switchover", "--help"},
                new String[] {"status", "--no-such-flag"}));
        Push.commandLine().getSubcommands().keySet().forEach(name -> runs.add(new String[] {name, "--help"}));
        for (String[] args : runs) {
            assertThat(run(Push.commandLine(args), args)).as(String.join(" ", args)).isEqualTo(run(args));
        }
    }

    @Test
    void monitoringConfigPrintsBothFilesAsItsHelpSaysInAProcessOfItsOwn() throws Exception {
        // In a JVM of its own, through main: in-process runs hid that the output was never flushed before the exit.
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process push = new ProcessBuilder(javaCommand, "-Duser.home=" + dir.resolve("home"), "-cp",
                System.getProperty("java.class.path"), Push.class.getName(), "monitoring", "config", "-i", EXAMPLE)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(push.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(push.waitFor()).isZero();
        assertThat(out).startsWith("### /etc/munin/munin-conf.d/speedy.conf\n")
                .contains("\n### /etc/nagios4/conf.d/speedy.cfg\n").contains("define host {").endsWith("}\n");
    }

    @Test
    void theMonitoringPagesPasswordIsAskedForBeforeAnyHostIsReachedAndIsKeptInTheStoreOnly() {
        Result install = run("monitoring", "config", "--install", "-i", EXAMPLE);

        assertThat(install.exitCode).as(install.err).isEqualTo(2);
        assertThat(install.err).contains("the secret store has no web.password of speedy-monitoring (")
                .contains("push config set speedy-monitoring web.password --from-file FILE --store-only; nothing was"
                        + " changed");
        assertThat(install.out).doesNotContain("connecting");

        Result set = run("config", "set", "speedy-monitoring", "web.password", "--from-file", "pw", "-i", EXAMPLE);
        assertThat(set.exitCode).isEqualTo(2);
        assertThat(set.err).contains("web.password of speedy-monitoring is in no conffile: push monitoring config"
                + " --install reads it from the store. Add --store-only");
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        return run(Push.commandLine(), args);
    }

    private static Result run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
