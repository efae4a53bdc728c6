package com.speedy.push.monitoring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Debian's nagios4 and munin packages set up as a sample and push takes out on the monitoring server: Nagios's
 * {@code localhost} (its HTTP and swap checks stay CRITICAL on a server with no web page and no swap) and Munin's
 * {@code localhost.localdomain} node, which would sit beside the server's own entry. Commented out, not deleted, so
 * that an operator sees what was there; text that holds neither is returned as it is.
 */
final class SampleConfig {
    static final String NAGIOS_CFG = "/etc/nagios4/nagios.cfg";
    static final String MUNIN_CONF = "/etc/munin/munin.conf";
    static final String MARK = "# push monitoring config: Debian's sample, left out: ";

    private static final Pattern NAGIOS_LOCALHOST =
            Pattern.compile("(?m)^cfg_file=/etc/nagios4/objects/localhost\\.cfg$");
    /** The node's heading and its indented lines. */
    private static final Pattern MUNIN_LOCALHOST =
            Pattern.compile("(?m)^\\[localhost\\.localdomain\\]\\n(?:[ \\t]+\\S.*\\n)*");

    private SampleConfig() {}

    static String nagiosCfg(String text) {
        return NAGIOS_LOCALHOST.matcher(text).replaceAll(Matcher.quoteReplacement(MARK) + "$0");
    }

    static String muninConf(String text) {
        Matcher node = MUNIN_LOCALHOST.matcher(text);
        StringBuilder out = new StringBuilder();
        while (node.find()) {
            node.appendReplacement(out, Matcher.quoteReplacement(node.group().lines().map(line -> MARK + line + "\n")
                    .reduce("", String::concat)));
        }
        return node.appendTail(out).toString();
    }
}
