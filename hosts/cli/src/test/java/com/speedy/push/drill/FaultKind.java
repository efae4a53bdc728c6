package com.speedy.push.drill;

/** What goes wrong mid-command. */
public enum FaultKind {
    /** The host's plug pulled (bin/testbed kill), booted again once push has stopped. */
    HOST_KILLED,
    /** {@code systemctl stop} of the cluster (a fast shutdown); started again as a reboot would. */
    POSTGRES_STOPPED,
    /** The postmaster {@code kill -9}ed; started again as a reboot would. */
    POSTMASTER_KILLED,
    /** The host's link to the bridge down for a few seconds, then up again. */
    LINK_DOWN,
    /** push itself SIGKILLed. */
    PUSH_KILLED
}
