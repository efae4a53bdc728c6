package com.speedy.push.inventory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The inventory's {@code firewall} section: who may log in with ssh. The rest of each host's rule set follows from
 * the inventory's roles (see {@code FirewallRules}).
 *
 * @param operators the addresses or networks (CIDR) that ssh is open to: where operators and push run from
 */
public record Firewall(List<String> operators) {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET + "(/(3[0-2]|[12]?\\d))?");
    static final Pattern IPV6 =
            Pattern.compile("[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}(/(12[0-8]|1[01]\\d|[1-9]?\\d))?");

    public Firewall {
        operators = List.copyOf(operators);
    }

    /** Whether {@code text} is an IPv4 or IPv6 address, or a network in CIDR notation. */
    public static boolean isNetwork(String text) {
        return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
    }
}
