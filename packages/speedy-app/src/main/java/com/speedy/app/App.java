package com.speedy.app;

import com.speedy.runtime.ServiceLauncher;

/** {@code speedy-app [CONFFILE]}: runs the HTTP API until SIGTERM. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        String version = ServiceLauncher.version(App.class);
        ServiceLauncher.run("speedy-app", version, args, AppSettings::read,
                settings -> AppServer.start(settings, version, PackageVersion.INSTALLED));
    }
}
