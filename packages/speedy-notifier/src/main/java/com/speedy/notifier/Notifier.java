package com.speedy.notifier;

import com.speedy.runtime.ServiceLauncher;

/** {@code speedy-notifier [CONFFILE]}: delivers queued notifications until SIGTERM. */
public final class Notifier {
    private Notifier() {}

    public static void main(String[] args) {
        String version = ServiceLauncher.version(Notifier.class);
        ServiceLauncher.run("speedy-notifier", version, args, NotifierSettings::read,
                settings -> NotifierDaemon.start(settings, version));
    }
}
