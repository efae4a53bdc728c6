package com.speedy.push.inventory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code push bootstrap} sets on every host besides the deploy user and sshd: the inventory's {@code bootstrap}
 * section.
 *
 * @param timezone a name under /usr/share/zoneinfo, such as {@code Europe/Berlin}
 * @param locale the system's LANG, such as {@code C.UTF-8} (built into Debian's libc) or {@code en_US.UTF-8}
 */
public record HostSetup(String timezone, String locale) {
    /** Letters, digits and {@code _+-} in parts joined by {@code /}: never {@code ..}, never a leading {@code /}. */
    static final Pattern TIMEZONE = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}");
    static final Pattern LOCALE = Pattern.compile("[A-Za-z]{1,8}(_[A-Z]{2})?\\.(UTF-8|utf8)(@[a-z]+)?");
    public static final HostSetup DEFAULT = new HostSetup("Etc/UTC", "C.UTF-8");

    public HostSetup {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(locale, "locale");
    }
}
