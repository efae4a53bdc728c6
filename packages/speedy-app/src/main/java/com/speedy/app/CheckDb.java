package com.speedy.app;

import com.speedy.runtime.ServiceLauncher;
import com.speedy.runtime.config.ConfigException;
import com.speedy.runtime.database.LoginCheck;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -cp ... com.speedy.app.CheckDb ADDRESS [CONFFILE]}: logs in to the PostgreSQL server at ADDRESS as
 * speedy-app does (user, password, database and port from its conffile) and runs {@code SELECT 1}. Exit 0 when it
 * could, 1 with the server's reason when not, 78 when the conffile is broken, 64 on bad usage. {@code push db
 * switchover} and {@code failover} run it on every app host before they change anything.
 */
public final class CheckDb {
    static final int EXIT_REFUSED = 1;

    private CheckDb() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: check-db ADDRESS [CONFFILE]   (default: /etc/speedy/speedy-app.conf)");
            System.exit(ServiceLauncher.EXIT_USAGE);
        }
        Path conffile = Path.of(args.length == 2 ? args[1] : "/etc/speedy/speedy-app.conf");
        AppSettings settings;
        try {
            settings = ServiceLauncher.read(conffile, AppSettings::read);
        } catch (ConfigException e) {
            ServiceLauncher.reportConfigProblems("check-db", e, System.err);
            System.exit(ServiceLauncher.EXIT_CONFIG);
            return;
        }
        String who = settings.database().user() + "@" + args[0] + ":" + settings.database().port() + "/"
                + settings.database().name();
        long bound = settings.database().connectTimeout().toMillis() * 2 + 1_000;
        LoginCheck.Answer answer;
        try {
            // The driver's timeouts bound each phase; this bounds the whole, whatever the server does.
            answer = CompletableFuture.supplyAsync(() -> new LoginCheck(settings.database()).at(args[0]))
                    .get(bound, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = new LoginCheck.Answer(false, "no answer within " + bound + " ms");
        } catch (Exception e) {
            answer = new LoginCheck.Answer(false, e.toString());
        }
        if (answer.loggedIn()) {
            System.out.println("logged in as " + who + ": SELECT 1 answered");
            System.exit(0);
        }
        System.out.println("cannot log in as " + who + ": " + answer.reason());
        System.exit(EXIT_REFUSED);
    }
}
