package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.testbed.Testbed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development loop that README promises, on a clone of this repository: bin/quickstart, then a change to
 * speedy-app's code, then bin/quickstart again, and the changed code answers on app1 under a newer version.
 */
class QuickstartIT {
    private static final Pattern APP_URL = Pattern.compile("speedy-app answers on (http://[0-9.]+:8080/)");
    private static final String HEALTH_HANDLER = "packages/speedy-app/src/main/java/com/speedy/app/HealthHandler.java";

    @TempDir
    static Path work;
    private static Path checkout;

    @BeforeAll
    static void aCloneOfThisRepository() throws Exception {
        Testbed.unavailableReason("nspawn").ifPresent(reason -> {
            throw new IllegalStateException("the quickstart needs the testbed: " + reason);
        });
        checkout = work.resolve("checkout");
        Command clone = Command.run(work, 2, "git", "clone", "-q", DebFile.projectDir().toString(), checkout.toString());
        assertThat(clone.exitCode()).as(clone.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (checkout != null) {
            quickstart("down");
        }
    }

    @Test
    void aChangeToTheCodeReachesTheHostOnTheNextQuickstart() throws Exception {
        String first = quickstart();
        URI app = URI.create(matching(APP_URL, first).group(1));
        assertThat(health(app)).contains("\"status\":\"ok\"", "\"reachable\":true");
        String firstVersion = installedVersion();
        Command etcHosts = Command.run(checkout, 2, "bin/testbed", "ssh", "app1", "cat", "/etc/hosts");
        assertThat(etcHosts.output()).as("app1's db alias, set by push db alias set")
                .containsOnlyOnce("\tdb\n").contains("# BEGIN speedy db alias");

        Path handler = checkout.resolve(HEALTH_HANDLER);
        String code = Files.readString(handler);
        assertThat(code).contains("draining ? \"draining\" : \"ok\"");
        Files.writeString(handler, code.replace("draining ? \"draining\" : \"ok\"",
                "draining ? \"draining\" : \"ok, changed\""));

        quickstart();
        String secondVersion = installedVersion();
        assertThat(secondVersion).as("the changed build's version").endsWith("+uncommitted-1");
        Command compare = Command.run("dpkg", "--compare-versions", secondVersion, "gt", firstVersion);
        assertThat(compare.exitCode()).as("%s is newer than %s", secondVersion, firstVersion).isZero();
        assertThat(health(app)).as("the new code answers on app1").contains("\"status\":\"ok, changed\"");
    }

    /** Runs bin/quickstart in the clone with a state folder of its own; its output goes to a log beside it. */
    private static String quickstart(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "quickstart", ".log");
        ProcessBuilder builder = new ProcessBuilder(concat(List.of("bin/quickstart"), List.of(args)))
                .directory(checkout.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPEEDY_QUICKSTART_STATE", work.resolve("state").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("bin/quickstart did not finish within 15 minutes; its output: " + log);
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("bin/quickstart %s:\n%s", String.join(" ", args), output).isZero();
        output.lines().filter(line -> line.contains("quickstart: done in")).forEach(System.out::println);
        return output;
    }

    private static String installedVersion() throws IOException, InterruptedException {
        // One word: bin/testbed ssh hands its words to the host's shell, which would expand an unquoted ${Version}.
        Command query = Command.run(checkout, 2, "bin/testbed", "ssh", "app1",
                "dpkg-query -W -f='${Version}' speedy-app");
        assertThat(query.exitCode()).as(query.output()).isZero();
        return query.output().strip();
    }

    private static String health(URI app) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(app.resolve("/healthz")).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Matcher matching(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in:\n%s", pattern, text).isTrue();
        return matcher;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
