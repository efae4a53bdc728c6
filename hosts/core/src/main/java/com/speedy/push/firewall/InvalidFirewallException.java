package com.speedy.push.firewall;

/** The inventory cannot give a host a rule set: said before any host is touched. */
public final class InvalidFirewallException extends Exception {
    public InvalidFirewallException(String message) {
        super(message);
    }
}
