package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * push dashboard as a person sees it: push runs as its own process, and Debian's headless chromium, driven through
 * chromium-driver, opens the page for two testbed hosts, one drifted; a host whose ssh never answers (a port on the
 * bridge that accepts and stays silent) and one where nothing listens. The page is kept as
 * target/dashboard/dashboard.png.
 */
@TestbedHosts({"host1", "host2"})
class DashboardIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String PACKAGE = "pushtest";

    @TempDir
    Path dir;

    private Path repo;
    private HttpServer server;
    private ServerSocket silent;
    private final List<Socket> held = new ArrayList<>();
    private TestbedHost host1;
    private TestbedHost host2;

    @BeforeEach
    void publishAndServe(Testbed testbed) throws Exception {
        host1 = testbed.host("host1");
        host2 = testbed.host("host2");
        repo = dir.resolve("apt");
        SleeperPackage.initRepository(repo);
        SleeperPackage.publish(dir, repo, PACKAGE, "1.0-1", "");
        server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        SleeperPackage.forget(PACKAGE, BRIDGE_ADDRESS, host1, host2);
        // A host whose TCP port accepts and whose ssh never says a word: it must not hold up the others' rows.
        silent = new ServerSocket(0, 8, InetAddress.getByName(BRIDGE_ADDRESS));
        Thread accept = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = silent.accept();
                    synchronized (held) {
                        held.add(socket);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        silent.close();
        synchronized (held) {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void thePageShowsEveryHostsVersionsTheDriftedOneAnAliasChangeAndTheHostsThatDoNotAnswerWithoutWaitingForThem()
            throws Exception {
        Path inventory = inventory();
        Path logs = dir.resolve("logs");
        assertThat(push("apt-source", "host1", "host2", "-i", inventory.toString()).exitCode()).isZero();
        assertThat(push("install", PACKAGE, "host1", "host2", "-i", inventory.toString()).exitCode()).isZero();
        SleeperPackage.publish(dir, repo, PACKAGE, "1.1-1", "");
        PushRun upgrade = push("upgrade", "host1", "-i", inventory.toString());
        assertThat(upgrade.exitCode()).as(upgrade.out()).isZero();
        // host2 learns of 1.1-1 (its package lists), but keeps 1.0-1: drift.
        host2.exec("apt-get", "update", "-q").orThrow();

        DashboardRun dashboard = DashboardRun.start(inventory, logs);
        WebDriver browser = null;
        try {
            String url = dashboard.url();
            browser = HeadlessChromium.start();
            long opened = System.nanoTime();
            browser.get(url);
            WebDriver page = browser;

            String host1Installed = await("host1's installed version", Duration.ofSeconds(30),
                    () -> text(page, "tr[data-host=host1][data-package=" + PACKAGE + "] td.installed"));
            double shownAfter = (System.nanoTime() - opened) / 1e9;
            assertThat(host1Installed).isEqualTo("1.1-1");
            assertThat(text(page, "tr[data-host=host2][data-package=" + PACKAGE + "] td.installed")).isEqualTo("1.0-1");
            assertThat(text(page, "tr[data-host=silent] td.state")).as("silent's ssh has not answered yet")
                    .contains("asking");
            assertThat(shownAfter).as("host1 shown before silent's 12 s connect timeout").isLessThan(8);

            assertThat(classOf(page, "tr[data-host=host2][data-package=" + PACKAGE + "]")).contains("drift");
            assertThat(text(page, "tr[data-host=host2][data-package=" + PACKAGE + "] td.available"))
                    .contains("1.1-1", "drift");
            assertThat(classOf(page, "tr[data-host=host1][data-package=" + PACKAGE + "]")).doesNotContain("drift");
            assertThat(text(page, "tr[data-host=host1][data-package=" + PACKAGE + "] td.units"))
                    .contains(PACKAGE + ".service=running");
            awaitText(page, "tr[data-host=gone] td.state", "unreachable", Duration.ofSeconds(30));
            assertThat(text(page, "tr[data-host=host1] td.db")).isEqualTo("not set");
            assertThat(text(page, "#rollouts")).contains("upgrade", "apt-source", "install");

            PushRun alias = push("db", "alias", "set", "host2", "host1", "--force", "the dashboard's test",
                    "-i", inventory.toString());
            assertThat(alias.exitCode()).as(alias.out()).isZero();
            assertThat(awaitText(page, "tr[data-host=host1] td.db", "host2", Duration.ofSeconds(30)))
                    .isEqualTo("host2");
            awaitText(page, "#rollouts", "db-alias-set", Duration.ofSeconds(30));
            awaitText(page, "tr[data-host=silent] td.state", "unreachable", Duration.ofSeconds(60));
            assertThat(text(page, "tr[data-host=host1][data-package=" + PACKAGE + "] td.installed"))
                    .as("still shown, refreshed meanwhile").isEqualTo("1.1-1");
            assertThat(dashboard.status("POST", "fleet.json")).as("read-only").isEqualTo(405);
            assertThat(dashboard.status("DELETE", "")).as("read-only").isEqualTo(405);
            assertThat(dashboard.status("GET", "logs/..%2F..%2Fetc/passwd")).as("only a run's host log").isEqualTo(404);
            assertThat(dashboard.status("GET", "logs/x/../../../etc/passwd")).isEqualTo(404);
            assertThat(page.getPageSource()).as("the page's own key and the inventory's secrets are not on it")
                    .doesNotContain("PRIVATE KEY");

            HeadlessChromium.screenshot(browser, Path.of("target/dashboard/dashboard.png"));
            assertThat(Files.size(Path.of("target/dashboard/dashboard.png"))).isGreaterThan(10_000);

            // On a phone: the page itself never scrolls sideways; only a wide table does, inside its own box.
            browser.manage().window().setSize(new Dimension(390, 844));
            Thread.sleep(500);
            assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;")).isTrue();
            assertThat(text(page, "tr[data-host=host1][data-package=" + PACKAGE + "] td.installed")).isEqualTo("1.1-1");
            HeadlessChromium.screenshot(browser, Path.of("target/dashboard/dashboard-phone.png"));
        } finally {
            if (browser != null) {
                browser.quit();
            }
            dashboard.close();
        }
        assertThat(dashboard.output()).contains("push dashboard: http://127.0.0.1:");
        assertThat(host1.exec("dpkg-query", "-W", "-f=${Version}", PACKAGE).stdout()).isEqualTo("1.1-1");
        assertThat(host2.exec("dpkg-query", "-W", "-f=${Version}", PACKAGE).stdout()).as("the page changed nothing")
                .isEqualTo("1.0-1");
    }

    /**
     * The element's text as the browser renders it, or null while the page has no such element. Read in one script,
     * since the page replaces its rows at every refresh (an element found first and read after would be stale).
     */
    private static String text(WebDriver page, String css) {
        Object text = ((JavascriptExecutor) page).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
        return (String) text;
    }

    private static String classOf(WebDriver page, String css) {
        return (String) ((JavascriptExecutor) page).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.className : null;", css);
    }

    /** The element's text once it contains {@code expected}. */
    private static String awaitText(WebDriver page, String css, String expected, Duration within)
            throws InterruptedException {
        return await(css + " showing " + expected, within, () -> {
            String text = text(page, css);
            return text != null && text.contains(expected) ? text : null;
        });
    }

    private static <T> T await(String what, Duration within, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": not seen within " + within.toSeconds() + " s");
    }

    private Path inventory() throws IOException {
        String text = "repository:\n"
                + "  url: http://" + BRIDGE_ADDRESS + ":" + server.getAddress().getPort() + "/\n"
                + "  suite: dev\n"
                + "  keyring: " + repo.resolve("conf/archive-keyring.gpg") + "\n"
                + TestbedInventory.ssh(TestbedInventory.knownHosts(), "  connect_timeout: 12s\n"
                        + "  command_timeout: 5m\n")
                + "groups:\n"
                + "  app:\n"
                + "    packages: [" + PACKAGE + "]\n"
                + "hosts:\n"
                + "  host1:\n    address: " + host1.address() + "\n    groups: [app]\n"
                + "  host2:\n    address: " + host2.address() + "\n    groups: [app]\n"
                + "  silent:\n    address: " + BRIDGE_ADDRESS + "\n    port: " + silent.getLocalPort() + "\n"
                + "  gone:\n    address: 10.213.7.250\n";
        return Files.writeString(dir.resolve("inventory.yaml"), text);
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
