package com.speedy.push.apt;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Who holds the dpkg lock, from the line apt-get prints (on standard output, about once a second) while it waits
     * under {@code DPkg::Lock::Timeout}: {@code Waiting for cache lock: Could not get lock
     * /var/lib/dpkg/lock-frontend. It is held by process 4242 (python3)...}: {@code process 4242 (python3)}.
     */
    public static Optional<String> lockHolder(String line) {
        Matcher m = HELD_BY.matcher(line);
        return line.startsWith(WAITING) && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** apt-get gave up waiting for the dpkg lock: it changed nothing. */
    public static boolean dpkgLockTimedOut(String stderr) {
        return stderr.contains("Unable to acquire the dpkg frontend lock")
                || stderr.contains("Could not get lock /var/lib/dpkg/lock");
    }

    /** The last holder named in a command's output, if it waited for the lock. */
    public static Optional<String> lastLockHolder(String stdout) {
        Optional<String> holder = Optional.empty();
        for (String line : stdout.split("[\r\n]")) {
            Optional<String> named = lockHolder(line);
            if (named.isPresent()) {
                holder = named;
            }
        }
        return holder;
    }

    /**
     * Who held the dpkg lock when apt gave up waiting: the last of its "Waiting for cache lock" lines, else its error
     * ("Could not get lock ... It is held by process N (name)"), which apt prints even when it never printed a wait
     * line (a busy host, a short timeout).
     */
    public static Optional<String> lockHolderAtTimeout(String stdout, String stderr) {
        return lastLockHolder(stdout).or(() -> stderr.lines().filter(l -> l.contains("Could not get lock"))
                .map(HELD_BY::matcher).filter(Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b));
    }

    private static final String WAITING = "Waiting for cache lock";
    private static final Pattern HELD_BY = Pattern.compile("held by (process \\d+(?: \\([^)]*\\))?)");
}
