package com.speedy.push.bootstrap;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostSetup;
import com.speedy.push.rollout.AptSourceJob;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshException;
import com.speedy.push.ssh.Sudo;
import com.speedy.push.sudo.RootScript;
import com.speedy.push.sudo.SudoHelper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code push bootstrap} on one host: from root's ssh login on a fresh Debian server to a host that push reaches as
 * its deploy user only. Every check comes first and changes nothing; then each part is compared with what it should
 * be and changed only if it differs, so a second run changes nothing. sshd comes last: its new settings are checked
 * with {@code sshd -t} and {@code sshd -T}, applied with a reload (which keeps this session), and proven by logging in
 * again as the deploy user and running sudo; if that fails, the old settings are put back over this session.
 */
public final class BootstrapJob implements Rollout.HostJob<HostResult> {
    private static final Duration SSHD_BACK = Duration.ofSeconds(10);
    static final String ROLLBACK_TIMER = RootScript.Sshd.ROLLBACK_UNIT + ".timer";

    private final List<String> authorizedKeys;
    private final HostSetup setup;
    private final Optional<AptSourceJob> aptSource;
    private final SessionFactory deployLogin;
    private final boolean dryRun;
    private final Duration rollbackAfter;

    /**
     * @param authorizedKeys the lines of the deploy user's authorized_keys: the public halves of push's keys
     * @param deployLogin logs in as each host's inventory user (its deploy user): the proof that sshd's new settings
     *     let push in
     * @param aptSource the repository's source entry, if the inventory names a repository
     */
    public BootstrapJob(List<String> authorizedKeys, HostSetup setup,
            Optional<AptSourceJob> aptSource, SessionFactory deployLogin, boolean dryRun, Duration rollbackAfter) {
        this.authorizedKeys = List.copyOf(authorizedKeys);
        this.setup = setup;
        this.aptSource = aptSource;
        this.deployLogin = deployLogin;
        this.dryRun = dryRun;
        this.rollbackAfter = rollbackAfter;
    }

    /** One part's change: done, or in a dry run only told. */
    private interface Action {
        void run() throws IOException, SshException, InterruptedException;
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        if (steps.host().user().equals(BootstrapLogin.ROOT)) {
            throw new IOException("the inventory has push log in as root here: bootstrap makes a deploy user for it"
                    + " (set ssh.user, or the host's user, to e.g. deploy); nothing was changed");
        }
        BootstrapFiles files = new BootstrapFiles(steps.host().user());
        checkFirst(steps);
        List<String> changed = new ArrayList<>();
        packages(steps, changed);
        Optional<Account> account = deployUser(steps, files, changed);
        authorizedKeys(steps, files, account, changed);
        helper(steps, changed);
        sudoers(steps, files, changed);
        hostname(steps, changed);
        timezone(steps, changed);
        locale(steps, changed);
        unattendedUpgrades(steps, changed);
        aptSource(steps, changed);
        sshd(steps, files, changed);
        Host host = steps.host();
        if (changed.isEmpty()) {
            steps.progress("nothing to change");
            return new HostResult(host, HostResult.Outcome.OK, "unchanged: bootstrapped", List.of(), steps.logFile());
        }
        String list = String.join(", ", changed);
        return dryRun
                ? new HostResult(host, HostResult.Outcome.OK, "would change: " + list, List.of(), steps.logFile())
                : new HostResult(host, HostResult.Outcome.CHANGED, list, List.of(), steps.logFile());
    }

    /** Everything that would make a change fail half-way, asked before the first one. */
    private void checkFirst(HostSteps steps) throws IOException, SshException, InterruptedException {
        steps.progress("logged in as " + steps.loginUser() + "; checking the host");
        CommandResult asRoot = steps.run(List.of("true"));
        if (asRoot.exitStatus() != 0) {
            throw new IOException("cannot run a command as root: " + HostSteps.lastLine(asRoot)
                    + "; nothing was changed");
        }
        CommandResult osRelease = steps.run(List.of("cat", "/etc/os-release"));
        String id = osRelease.stdoutText().lines().filter(l -> l.startsWith("ID="))
                .map(l -> l.substring(3).replace("\"", "")).findFirst().orElse("(none)");
        if (osRelease.exitStatus() != 0 || !id.equals("debian")) {
            throw new IOException("not Debian (/etc/os-release says ID=" + id + "): push bootstrap sets up Debian"
                    + " stable only; nothing was changed");
        }
        if (steps.run(List.of("test", "-f", "/usr/share/zoneinfo/" + setup.timezone())).exitStatus() != 0) {
            throw new IOException("bootstrap.timezone " + setup.timezone() + " is not a time zone on this host (no"
                    + " /usr/share/zoneinfo/" + setup.timezone() + "); nothing was changed");
        }
        CommandResult locales = steps.check(List.of("locale", "-a"), "listing the host's locales");
        if (locales.stdoutText().lines().map(String::strip)
                .noneMatch(BootstrapFiles.localeListed(setup.locale())::equals)) {
            throw new IOException("bootstrap.locale " + setup.locale() + " is not generated on this host (locale -a"
                    + " does not list it; C.UTF-8 always is); nothing was changed");
        }
        if (steps.run(List.of("test", "-x", "/usr/sbin/sshd")).exitStatus() != 0) {
            throw new IOException("no /usr/sbin/sshd (openssh-server); nothing was changed");
        }
        // A host whose sudoers is already broken would refuse push after the change as before it: said now.
        if (steps.run(List.of("test", "-x", "/usr/sbin/visudo")).exitStatus() == 0) {
            CommandResult visudo = steps.run(List.of("visudo", "-c", "-q"));
            if (visudo.exitStatus() != 0) {
                throw new IOException("visudo -c rejects the host's sudoers as it is, before any change: "
                        + HostSteps.lastLine(visudo) + "; nothing was changed");
            }
        }
    }

    private void change(HostSteps steps, List<String> changed, String what, Action action)
            throws IOException, SshException, InterruptedException {
        changed.add(what);
        if (dryRun) {
            steps.progress("would change: " + what);
            return;
        }
        steps.progress(what);
        action.run();
    }

    private void packages(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        Installed installed = steps.installed(BootstrapFiles.PACKAGES);
        List<String> missing = BootstrapFiles.PACKAGES.stream()
                .filter(name -> installed.get(name).filter(Installed.Package::isInstalled).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        change(steps, changed, "install " + String.join(" ", missing), () -> install(steps, missing));
    }

    /**
     * Fetches the host's package lists, then installs {@code missing}: a fresh server's lists may be empty or old
     * (cloud images ship without them), and apt would not find the packages.
     */
    static void install(HostSteps steps, List<String> missing) throws IOException, SshException,
            InterruptedException {
        steps.progress("fetching the package lists (apt-get update)");
        CommandResult update = steps.runApt(AptCommands.updateAllLists());
        if (update.exitStatus() != 0) {
            throw new IOException("apt-get update failed: " + HostSteps.lastLine(update) + "; nothing was installed");
        }
        CommandResult result = steps.runApt(AptCommands.install(missing, false));
        if (result.exitStatus() != 0) {
            throw new IOException("apt-get install " + String.join(" ", missing) + " failed: "
                    + HostSteps.lastLine(result));
        }
    }

    /** The deploy user's home and login group, once it exists. */
    private record Account(String home, String group) {}

    private Optional<Account> deployUser(HostSteps steps, BootstrapFiles files, List<String> changed)
            throws IOException, SshException, InterruptedException {
        String user = files.deployUser();
        if (steps.run(List.of("getent", "passwd", user)).exitStatus() != 0) {
            change(steps, changed, "user " + user, () -> steps.check(List.of("useradd", "--create-home",
                    "--user-group", "--shell", "/bin/bash", "--comment", "push's deploy user", user),
                    "useradd " + user));
            if (dryRun) {
                return Optional.empty();
            }
        }
        String[] passwd = steps.check(List.of("getent", "passwd", user), "getent passwd " + user).stdoutText().strip()
                .split(":");
        String group = steps.check(List.of("id", "-gn", user), "id -gn " + user).stdoutText().strip();
        return Optional.of(new Account(passwd[5], group));
    }

    private void authorizedKeys(HostSteps steps, BootstrapFiles files, Optional<Account> account,
            List<String> changed)
            throws IOException, SshException, InterruptedException {
        byte[] content = BootstrapFiles.authorizedKeys(authorizedKeys).getBytes(StandardCharsets.UTF_8);
        String owner = files.deployUser() + ":" + account.map(Account::group).orElse(files.deployUser());
        String dir = account.map(Account::home).orElse("/home/" + files.deployUser()) + "/.ssh";
        if (account.isPresent() && steps.hasFile(dir + "/authorized_keys", content)) {
            return;
        }
        change(steps, changed, "authorized_keys of " + files.deployUser(), () -> {
            steps.check(List.of("install", "-d", "-m", "0700", "-o", files.deployUser(), "-g",
                    account.orElseThrow().group(), dir), "creating " + dir);
            steps.upload(content, dir + "/authorized_keys", "0600", owner);
        });
    }

    /** The root-owned helper whose verbs are push's scripts: written before the sudo rule that names it. */
    private void helper(HostSteps steps, List<String> changed) throws IOException, SshException, InterruptedException {
        byte[] content = SudoHelper.text().getBytes(StandardCharsets.UTF_8);
        if (steps.hasFile(SudoHelper.PATH, content)) {
            return;
        }
        change(steps, changed, "push's sudo helper (" + SudoHelper.PATH + ")", () -> {
            String dir = SudoHelper.PATH.substring(0, SudoHelper.PATH.lastIndexOf('/'));
            steps.check(List.of("install", "-d", "-m", "0755", "-o", "root", "-g", "root", dir), "creating " + dir);
            steps.upload(content, SudoHelper.PATH, "0755", "root:root");
        });
    }

    private void sudoers(HostSteps steps, BootstrapFiles files, List<String> changed)
            throws IOException, SshException, InterruptedException {
        byte[] content = files.sudoers().getBytes(StandardCharsets.UTF_8);
        if (steps.hasFile(BootstrapFiles.SUDOERS, content)) {
            return;
        }
        change(steps, changed, "sudo rights of " + files.deployUser() + " (" + BootstrapFiles.SUDOERS + ")", () -> {
            steps.upload(content, BootstrapFiles.SUDOERS_STAGED, "0440");
            CommandResult check = steps.run(List.of("visudo", "-c", "-q", "-f", BootstrapFiles.SUDOERS_STAGED));
            if (check.exitStatus() != 0) {
                steps.run(List.of("rm", "-f", BootstrapFiles.SUDOERS_STAGED));
                throw new IOException("visudo -c rejects the sudo rule for " + files.deployUser() + ": "
                        + HostSteps.lastLine(check) + "; it was not installed");
            }
            steps.check(List.of("mv", "-f", BootstrapFiles.SUDOERS_STAGED, BootstrapFiles.SUDOERS),
                    "installing " + BootstrapFiles.SUDOERS);
        });
    }

    private void hostname(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        String name = steps.host().name().toString();
        byte[] content = (name + "\n").getBytes(StandardCharsets.UTF_8);
        String running = steps.check(List.of("hostname"), "hostname").stdoutText().strip();
        if (running.equals(name) && steps.hasFile(BootstrapFiles.HOSTNAME, content)) {
            return;
        }
        change(steps, changed, "hostname " + name, () -> {
            steps.upload(content, BootstrapFiles.HOSTNAME, "0644");
            steps.check(List.of("hostname", name), "hostname " + name);
        });
    }

    private void timezone(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        String zone = "/usr/share/zoneinfo/" + setup.timezone();
        byte[] content = (setup.timezone() + "\n").getBytes(StandardCharsets.UTF_8);
        String link = steps.run(List.of("readlink", "/etc/localtime")).stdoutText().strip();
        if (link.equals(zone) && steps.hasFile(BootstrapFiles.TIMEZONE, content)) {
            return;
        }
        change(steps, changed, "time zone " + setup.timezone(), () -> {
            steps.check(List.of("ln", "-sfn", zone, "/etc/localtime"), "linking /etc/localtime");
            steps.upload(content, BootstrapFiles.TIMEZONE, "0644");
        });
    }

    private void locale(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        byte[] content = BootstrapFiles.locale(setup.locale()).getBytes(StandardCharsets.UTF_8);
        if (!steps.hasFile(BootstrapFiles.LOCALE, content)) {
            change(steps, changed, "locale " + setup.locale(),
                    () -> steps.upload(content, BootstrapFiles.LOCALE, "0644"));
        }
    }

    private void unattendedUpgrades(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        byte[] periodic = BootstrapFiles.autoUpgrades().getBytes(StandardCharsets.UTF_8);
        byte[] origins = BootstrapFiles.unattendedUpgrades().getBytes(StandardCharsets.UTF_8);
        if (steps.hasFile(BootstrapFiles.AUTO_UPGRADES, periodic)
                && steps.hasFile(BootstrapFiles.UNATTENDED_UPGRADES, origins)) {
            return;
        }
        change(steps, changed, "unattended security upgrades", () -> {
            steps.upload(periodic, BootstrapFiles.AUTO_UPGRADES, "0644");
            steps.upload(origins, BootstrapFiles.UNATTENDED_UPGRADES, "0644");
            CommandResult config = steps.run(List.of("apt-config", "dump"));
            if (config.exitStatus() != 0) {
                steps.run(List.of("rm", "-f", BootstrapFiles.UNATTENDED_UPGRADES));
                throw new IOException("apt-config rejects " + BootstrapFiles.UNATTENDED_UPGRADES + ": "
                        + HostSteps.lastLine(config) + "; it was removed");
            }
        });
    }

    private void aptSource(HostSteps steps, List<String> changed)
            throws IOException, SshException, InterruptedException {
        if (aptSource.isEmpty()) {
            return;
        }
        AptSourceJob job = aptSource.get();
        if (dryRun) {
            if (steps.host().suite().isEmpty() || !job.inPlace(steps, steps.host().suite().get())) {
                change(steps, changed, "the repository's source entry", () -> { });
            }
            return;
        }
        if (job.run(steps).outcome() == HostResult.Outcome.CHANGED) {
            changed.add("the repository's source entry");
        }
    }

    private void sshd(HostSteps steps, BootstrapFiles files, List<String> changed)
            throws IOException, SshException, InterruptedException {
        byte[] content = files.sshdDropIn().getBytes(StandardCharsets.UTF_8);
        // An armed rollback is a run stopped before its proof: sshd may run the new settings unproven, and the timer
        // will put the old ones back, so the change is made (and proven) again.
        boolean interrupted = armed(steps);
        if (!interrupted && steps.hasFile(BootstrapFiles.SSHD_DROP_IN, content) && effective(steps, files).isEmpty()) {
            return;
        }
        change(steps, changed, "sshd: keys only, no root login, only " + files.deployUser(), () -> {
            if (!interrupted) { // else what was kept is the settings from before that run
                steps.check(RootScript.KEEP_SSHD_SETTINGS.argv(), "keeping sshd's settings as they are");
            }
            steps.check(RootScript.ARM_SSHD_ROLLBACK.argv(Long.toString(rollbackAfter.toSeconds()),
                    RootScript.RESTORE_SSHD_SETTINGS.verb()), "arming sshd's rollback timer");
            steps.progress("sshd puts its old settings back by itself in " + rollbackAfter.toSeconds() + " s unless"
                    + " push proves the new ones");
            try {
                steps.upload(content, BootstrapFiles.SSHD_DROP_IN, "0644");
                CommandResult syntax = steps.run(List.of("sshd", "-t"));
                if (syntax.exitStatus() != 0) {
                    throw new IOException("sshd -t rejects the new settings: " + HostSteps.lastLine(syntax));
                }
                List<String> missing = effective(steps, files);
                if (!missing.isEmpty()) {
                    throw new IOException("sshd does not take " + BootstrapFiles.SSHD_DROP_IN + " (sshd -T lacks "
                            + String.join(", ", missing) + "): /etc/ssh/sshd_config must Include"
                            + " /etc/ssh/sshd_config.d/*.conf before its own settings, as Debian's does");
                }
                reloadSshd(steps);
                proveDeployLogin(steps, files);
            } catch (IOException | SshException e) {
                disarm(steps);
                steps.check(RootScript.RESTORE_SSHD_SETTINGS.argv(), "putting sshd's settings back");
                awaitSshd(steps);
                throw new IOException(e.getMessage() + "; sshd's settings were put back as they were", e);
            }
            disarm(steps);
        });
    }

    /**
     * Whether sshd's rollback timer waits to fire ("active" alone would not do: a timer that has fired stays active,
     * elapsed). A host that cannot say fails the run.
     */
    static boolean armed(HostSteps steps) throws IOException, SshException, InterruptedException {
        return steps.check(List.of("systemctl", "show", "-P", "SubState", ROLLBACK_TIMER), "asking systemd about "
                + ROLLBACK_TIMER).stdoutText().strip().equals("waiting");
    }

    /** Stops the rollback timer: the new settings are proven, or push puts the old ones back itself. */
    private static void disarm(HostSteps steps) throws IOException, SshException, InterruptedException {
        steps.check(List.of("systemctl", "stop", ROLLBACK_TIMER), "stopping sshd's rollback timer");
    }

    /** The lines of {@link BootstrapFiles#sshdEffective} that {@code sshd -T} does not print: none once in effect. */
    private List<String> effective(HostSteps steps, BootstrapFiles files)
            throws IOException, SshException, InterruptedException {
        List<String> printed = steps.check(List.of("sshd", "-T"), "sshd -T").stdoutText().lines()
                .map(String::strip).toList();
        return files.sshdEffective().stream().filter(line -> !printed.contains(line)).toList();
    }

    /** A second login, as the deploy user, and sudo through it: while this session stays open. */
    private void proveDeployLogin(HostSteps steps, BootstrapFiles files)
            throws IOException, SshException, InterruptedException {
        steps.progress("logging in again as " + files.deployUser() + " to prove the new settings");
        Host host = steps.host();
        try (RemoteSession second = deployLogin.open(host)) {
            CommandResult sudo = Sudo.forLogin(host.name(), files.deployUser()).run(second, RemoteCommand.of("true"));
            if (sudo.exitStatus() != 0) {
                throw new IOException(files.deployUser() + " logged in but sudo -n true failed: "
                        + HostSteps.lastLine(sudo));
            }
        } catch (SshException e) {
            throw new IOException("logging in again as " + files.deployUser() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reloads sshd and waits until it listens again: on SIGHUP it closes its socket and runs itself anew, and a
     * connection meanwhile is refused.
     */
    private static void reloadSshd(HostSteps steps) throws IOException, SshException, InterruptedException {
        steps.check(List.of("systemctl", "reload", "ssh"), "reloading sshd");
        awaitSshd(steps);
    }

    /** Until sshd listens again after a reload. */
    private static void awaitSshd(HostSteps steps) throws IOException, InterruptedException {
        Host host = steps.host();
        long deadline = System.nanoTime() + SSHD_BACK.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host.address(), host.port()), (int) SSHD_BACK.toMillis());
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("sshd did not listen again within " + SSHD_BACK.toSeconds() + " s of its"
                            + " reload: " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }
}
