package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import com.speedy.push.rollout.ScriptedHost;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push monitoring config --install} on a monitoring server whose files are held in memory: what it writes,
 * with which modes and owners, that a second run changes nothing, and that a refused configuration leaves every path
 * byte for byte as it was.
 */
class MonitoringServerTest {
    private static final String NAGIOS_CFG = "log_file=/var/log/nagios4/nagios.log\n"
            + "cfg_file=/etc/nagios4/objects/localhost.cfg\ncfg_dir=/etc/nagios4/conf.d\n";
    private static final String MUNIN_CONF = "includedir /etc/munin/munin-conf.d\n[localhost.localdomain]\n"
            + "    address 127.0.0.1\n    use_node_name yes\n";
    private static final String CGI_CFG = "url_html_path=/nagios4\nuse_authentication=0\n"
            + "authorized_for_all_hosts=nagiosadmin\n";
    private static final WebInterface WEB = new WebInterface(List.of("192.0.2.10"));
    private static final byte[] PASSWORD = WebInterfaceTest.bytes("the operators' password");

    @TempDir
    Path logs;

    @Test
    void aFreshServerGetsEveryFileNginxAndFcgiwrapAndASecondRunChangesNothing() throws Exception {
        ServerFiles server = ServerFiles.debian();

        HostResult first = install(server);

        assertThat(first.outcome()).as(first.detail()).isEqualTo(HostResult.Outcome.CHANGED);
        assertThat(first.detail()).contains("Munin and Nagios on http://10.213.7.11/ for 192.0.2.10");
        assertThat(server.text(WebInterface.SITE)).isEqualTo(WEB.site());
        assertThat(server.meta(WebInterface.SITE)).isEqualTo("f 644 root:root");
        assertThat(server.meta(WebInterface.HTPASSWD)).isEqualTo("f 640 root:www-data");
        assertThat(server.text(WebInterface.HTPASSWD)).startsWith("operator:$6$").doesNotContain("password");
        assertThat(server.text(WebInterface.CGI_CFG)).isEqualTo(WebInterface.cgiCfg(CGI_CFG));
        assertThat(server.meta(WebInterface.CGI_CFG)).as("the package's mode and owner").isEqualTo("f 644 root:root");
        assertThat(server.text(SampleConfig.NAGIOS_CFG)).contains(SampleConfig.MARK);
        assertThat(server.text(MonitoringConfig.MUNIN_FILE)).isEqualTo("munin nodes\n");
        assertThat(server.exists(WebInterface.DEBIAN_SITE)).as("Debian's default site, off").isFalse();
        assertThat(server.commands()).contains("nagios4 -v /etc/nagios4/nagios.cfg", "nginx -t",
                "systemctl enable --now --quiet fcgiwrap.socket", "systemctl enable --quiet nginx",
                "systemctl reload-or-restart nginx", "systemctl enable --now --quiet speedy-munin-cron.timer");
        String log = Files.readString(first.log());
        assertThat(log).as("the host's log").contains("'cat' '/etc/nagios4/cgi.cfg'", "upload " + WebInterface.HTPASSWD)
                .doesNotContain("$6$", "the operators' password");

        Map<String, String> after = server.snapshot();
        server.uploads.clear();
        HostResult second = install(server);

        assertThat(second.outcome()).as(second.detail()).isEqualTo(HostResult.Outcome.OK);
        assertThat(server.uploads).isEmpty();
        assertThat(server.snapshot()).isEqualTo(after);
    }

    @Test
    void whenNginxRefusesEveryPathIsPutBackAsItWasAndNothingIsReloaded() throws Exception {
        ServerFiles server = ServerFiles.debian();
        server.file(WebInterface.HTPASSWD, "operator:$6$old$hash\n", "600", "root:root");
        server.file(WebInterface.SITE, new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, 0, '\n'}, "664", "root:adm");
        server.failing.put("nginx -t", "nginx: [emerg] unknown directive \"alow\" in /etc/nginx/conf.d/x.conf:9\n"
                + "nginx: configuration file /etc/nginx/nginx.conf test failed\n");
        Map<String, String> before = server.snapshot();

        HostResult result = install(server);

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.FAILED);
        assertThat(result.detail()).startsWith("nginx -t refused the configuration (every file put back as it was;")
                .endsWith("nginx: [emerg] unknown directive \"alow\" in /etc/nginx/conf.d/x.conf:9");
        assertThat(server.snapshot()).as("bytes, modes, owners and the link").isEqualTo(before);
        assertThat(server.commands()).noneMatch(c -> c.startsWith("systemctl"));
    }

    @Test
    void whenNagiosRefusesNginxIsNotAskedAndTheFilesPushWroteFirstAreRemovedAgain() throws Exception {
        ServerFiles server = ServerFiles.debian();
        server.failing.put("nagios4 -v", "Error processing object config files!\n");
        Map<String, String> before = server.snapshot();

        HostResult result = install(server);

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.FAILED);
        assertThat(result.detail()).startsWith("nagios4 -v /etc/nagios4/nagios.cfg refused the configuration");
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.commands()).doesNotContain("nginx -t").noneMatch(c -> c.startsWith("systemctl"));
    }

    @Test
    void aServerWithoutTheWebPackagesIsToldWhichBeforeAnythingChanges() throws Exception {
        ServerFiles server = ServerFiles.debian();
        server.files.remove(WebInterface.CGI_CFG);
        server.files.remove("/usr/sbin/fcgiwrap");
        Map<String, String> before = server.snapshot();

        HostResult result = install(server);

        assertThat(result.outcome()).isEqualTo(HostResult.Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("mon1 lacks nagios4-cgi (no /etc/nagios4/cgi.cfg), fcgiwrap (no"
                + " /usr/sbin/fcgiwrap); nothing was changed. The monitoring server needs: apt-get install munin"
                + " nagios4-core nagios4-cgi php-cgi nginx fcgiwrap");
        assertThat(server.uploads).isEmpty();
        assertThat(server.snapshot()).isEqualTo(before);
    }

    private HostResult install(ServerFiles server) throws Exception {
        Host mon1 = ScriptedHost.host("mon1");
        return new Rollout(h -> server, (h, step) -> { }, new HostLogs(logs)).run(List.of(mon1),
                new RolloutOptions(1, 0, 0, false), MonitoringJobs.installConfig("munin nodes\n", "nagios objects\n",
                        WEB, PASSWORD, 4)).get(0);
    }

    /** A host's files in memory (bytes, mode, owner, or a link's target), answering the commands push runs on them. */
    private static final class ServerFiles implements RemoteSession {
        /** A regular file ({@code f}) with its bytes, or a link ({@code l}) with its target. */
        record Entry(String type, String mode, String owner, byte[] content, String target) {
            @Override
            public String toString() {
                return type + " " + mode + " " + owner + " " + HexFormat.of().formatHex(content) + " " + target;
            }
        }

        final Map<String, Entry> files = new TreeMap<>();
        final Map<String, String> failing = new TreeMap<>();
        final List<String> uploads = new ArrayList<>();
        private final List<String> commands = new ArrayList<>();

        static ServerFiles debian() {
            ServerFiles server = new ServerFiles();
            server.file(SampleConfig.NAGIOS_CFG, NAGIOS_CFG, "644", "root:root");
            server.file(SampleConfig.MUNIN_CONF, MUNIN_CONF, "644", "root:root");
            server.file(WebInterface.CGI_CFG, CGI_CFG, "644", "root:root");
            for (String program : Set.of("/usr/sbin/nginx", "/usr/sbin/fcgiwrap")) {
                server.file(program, "ELF", "755", "root:root");
            }
            server.files.put(WebInterface.DEBIAN_SITE, new Entry("l", "777", "root:root", new byte[0],
                    "/etc/nginx/sites-available/default"));
            return server;
        }

        void file(String path, String text, String mode, String owner) {
            file(path, text.getBytes(StandardCharsets.UTF_8), mode, owner);
        }

        void file(String path, byte[] content, String mode, String owner) {
            files.put(path, new Entry("f", mode, owner, content.clone(), ""));
        }

        String text(String path) {
            return new String(files.get(path).content(), StandardCharsets.UTF_8);
        }

        String meta(String path) {
            Entry entry = files.get(path);
            return entry.type() + " " + entry.mode() + " " + entry.owner();
        }

        boolean exists(String path) {
            return files.containsKey(path);
        }

        Map<String, String> snapshot() {
            return files.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString(),
                    (a, b) -> a, TreeMap::new));
        }

        List<String> commands() {
            return List.copyOf(commands);
        }

        @Override
        public CommandResult run(RemoteCommand command) {
            List<String> argv = command.argv();
            String line = String.join(" ", argv);
            commands.add(line);
            for (Map.Entry<String, String> failure : failing.entrySet()) {
                if (line.startsWith(failure.getKey())) {
                    return ScriptedHost.result(1, "", failure.getValue());
                }
            }
            String path = argv.size() > 1 ? argv.get(argv.size() - 1) : "";
            switch (argv.get(0)) {
                case "find" -> {
                    Entry f = files.get(argv.get(1));
                    return f == null ? ScriptedHost.result(1, "", "No such file or directory\n")
                            : ScriptedHost.result(0, f.type() + " " + f.mode() + " " + f.owner() + " " + f.target(),
                                    "");
                }
                case "cat" -> {
                    return new CommandResult(0, files.get(path).content().clone(), new byte[0]);
                }
                case "test" -> {
                    return ScriptedHost.result(files.containsKey(path) ? 0 : 1, "", "");
                }
                case "rm" -> files.remove(path);
                case "ln" -> files.put(path, new Entry("l", "777", "root:root", new byte[0], argv.get(2)));
                default -> { }
            }
            return ScriptedHost.result(0, "", "");
        }

        @Override
        public void upload(byte[] content, String remotePath, String mode, String owner) {
            uploads.add(remotePath);
            file(remotePath, content, Integer.toOctalString(Integer.parseInt(mode, 8)), owner);
        }

        @Override
        public void close() {}
    }
}
