package com.speedy.push.config;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A speedy package's conffile ({@code /etc/speedy/PACKAGE.conf}): {@code key = value} lines, commented-out
 * defaults as {@code #key = value}.
 */
public final class ConfFile {
    /** A key as the packages name them: {@code db.password}, {@code listen.port}. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    /** Keys whose values {@code push config show} masks even when the store does not hold them. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|credentials).*");
    public static final String MASK = "********";

    private ConfFile() {}

    public static String path(String packageName) {
        return "/etc/speedy/" + packageName + ".conf";
    }

    /**
     * {@code text} with {@code key} set to {@code value}: its line (or its commented-out default) replaced where it
     * stands, else a line added at the end.
     */
    public static String set(String text, String key, String value) {
        Matcher line = line(key).matcher(text);
        String replacement = Matcher.quoteReplacement(key + " = " + value);
        if (line.find()) {
            return text.substring(0, line.start()) + key + " = " + value + text.substring(line.end());
        }
        Matcher commented = Pattern.compile("(?m)^#\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        if (commented.find()) {
            return commented.replaceFirst(replacement);
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + key + " = " + value + "\n";
    }

    /** Whether {@code text} sets {@code key} to exactly {@code value}. */
    public static boolean has(String text, String key, String value) {
        Matcher line = line(key).matcher(text);
        return line.find() && line.group(1).equals(value);
    }

    /** {@code text} with the value of every secret key, and of every key in {@code stored}, replaced by a mask. */
    public static String masked(String text, Set<String> stored) {
        Matcher m = Pattern.compile("(?m)^(\\s*([a-z][a-z0-9.-]*)\\s*=\\s*)(.*)$").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2);
            boolean secret = stored.contains(key) || SECRET_KEY.matcher(key).matches();
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + (secret ? MASK : m.group(3))));
        }
        return m.appendTail(out).toString();
    }

    /** Whether {@code key} holds a secret by its name alone. */
    public static boolean secretByName(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    private static Pattern line(String key) {
        return Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=[ \\t]*(.*?)[ \\t]*$");
    }
}
