package com.speedy.push.apt;

/** What push reads in apt's own messages (the commands run in the C locale, so these are stable). */
public final class AptOutput {
    private AptOutput() {}

    /**
     * Another apt holds the lists lock: {@code DPkg::Lock::Timeout} does not cover {@code apt-get update}'s lists lock,
     * so push waits and tries again.
     */
    public static boolean listsLockBusy(String output) {
        return output.contains("Could not get lock /var/lib/apt/lists/lock");
    }
}
