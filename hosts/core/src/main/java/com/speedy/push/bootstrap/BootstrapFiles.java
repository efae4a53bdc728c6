package com.speedy.push.bootstrap;

import com.speedy.push.sudo.RootPrograms;
import com.speedy.push.sudo.RootScript;
import com.speedy.push.sudo.SudoHelper;
import java.util.List;
import java.util.Objects;

/**
 * The files {@code push bootstrap} writes on a host, for one deploy user: what each must hold, byte for byte, so that
 * a second run finds them equal and changes nothing.
 */
public record BootstrapFiles(String deployUser) {
    public static final String SUDOERS = "/etc/sudoers.d/speedy-push";
    /** Where the fragment is checked before it replaces {@link #SUDOERS}: sudo skips names with a dot. */
    public static final String SUDOERS_STAGED = SUDOERS + ".new";
    public static final String SSHD_DROP_IN = RootScript.Sshd.DROP_IN;
    public static final String AUTO_UPGRADES = "/etc/apt/apt.conf.d/20auto-upgrades";
    public static final String UNATTENDED_UPGRADES = "/etc/apt/apt.conf.d/52speedy-push-unattended-upgrades";
    public static final String LOCALE = "/etc/default/locale";
    public static final String TIMEZONE = "/etc/timezone";
    public static final String HOSTNAME = "/etc/hostname";
    /** What push needs on every host before anything else, from Debian. */
    public static final List<String> PACKAGES = List.of("sudo", "unattended-upgrades", "nftables");

    public BootstrapFiles {
        Objects.requireNonNull(deployUser, "deployUser");
    }

    /**
     * The deploy user's sudo rule: root, for the commands of {@link RootPrograms} only; push's scripts are verbs of
     * the root-owned {@link SudoHelper}, so no shell is named. It allows no other target user, and sudo logs every
     * command to the journal.
     */
    public String sudoers() {
        return "# Written by push bootstrap; a second run rewrites it. What push runs as root through sudo -n\n"
                + "# (com.speedy.push.sudo.RootPrograms); its scripts are verbs of " + SudoHelper.PATH + ".\n"
                + "Cmnd_Alias SPEEDY_PUSH = " + String.join(", \\\n    ", RootPrograms.sudoersCommands()) + "\n"
                + deployUser + " ALL=(root) NOPASSWD: SPEEDY_PUSH\n";
    }

    /** sshd: keys only, no root, only the deploy user. */
    public String sshdDropIn() {
        return "# Written by push bootstrap; a second run rewrites it. sshd keeps the first value it reads, and this\n"
                + "# file is read before every other drop-in and the rest of sshd_config.\n"
                + "PermitRootLogin no\n"
                + "PasswordAuthentication no\n"
                + "KbdInteractiveAuthentication no\n"
                + "PubkeyAuthentication yes\n"
                + "AllowUsers " + deployUser + "\n";
    }

    /** What {@code sshd -T} must print once the drop-in is in effect (lower case, as sshd prints it). */
    public List<String> sshdEffective() {
        return List.of("permitrootlogin no", "passwordauthentication no", "kbdinteractiveauthentication no",
                "pubkeyauthentication yes", "allowusers " + deployUser);
    }

    public static String authorizedKeys(List<String> keys) {
        return "# Written by push bootstrap from the inventory's ssh.keys; a second run rewrites it.\n"
                + String.join("\n", keys) + "\n";
    }

    /** The daily apt timers on: lists fetched and unattended-upgrade run (Debian's own file, as its debconf writes). */
    public static String autoUpgrades() {
        return "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n";
    }

    /**
     * Security updates only: Debian's other origins (point releases) and push's repository never move by themselves,
     * so that a release is always push's. unattended-upgrade takes dpkg's lock as push's apt-get does, so the two
     * never run at once: each waits for the other, or (unattended-upgrade) tries again on its next run.
     */
    public static String unattendedUpgrades() {
        return "// Written by push bootstrap; a second run rewrites it. Security updates only: releases are push's.\n"
                + "#clear Unattended-Upgrade::Origins-Pattern;\n"
                + "Unattended-Upgrade::Origins-Pattern {\n"
                + "    \"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";\n"
                + "};\n"
                + "Unattended-Upgrade::Automatic-Reboot \"false\";\n";
    }

    public static String locale(String locale) {
        return "LANG=" + locale + "\n";
    }

    /** How {@code locale -a} names a locale: the codeset in lower case without dashes ({@code C.UTF-8} is C.utf8). */
    public static String localeListed(String locale) {
        int dot = locale.indexOf('.');
        if (dot < 0) {
            return locale;
        }
        int at = locale.indexOf('@', dot);
        String codeset = at < 0 ? locale.substring(dot + 1) : locale.substring(dot + 1, at);
        return locale.substring(0, dot + 1) + codeset.toLowerCase(java.util.Locale.ROOT).replace("-", "")
                + (at < 0 ? "" : locale.substring(at));
    }
}
