package com.speedy.runtime;

import com.speedy.runtime.config.ConfFile;
import com.speedy.runtime.config.ConfigException;
import com.speedy.runtime.config.ConfigReader;
import com.speedy.runtime.database.DnsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shutdown that the three services share: a short DNS cache, the conffile read and checked in full before
 * anything starts, and a clean stop on SIGTERM.
 */
public final class ServiceLauncher {
    /** sysexits' EX_CONFIG; the units say {@code RestartPreventExitStatus=78} so a broken conffile does not loop. */
    public static final int EXIT_CONFIG = 78;
    public static final int EXIT_USAGE = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    /** Starts a service from its settings; the returned handle stops it. */
    @FunctionalInterface
    public interface Starter<S> {
        AutoCloseable start(S settings) throws Exception;
    }

    private ServiceLauncher() {}

    /** The conffile named on the command line, or the service's default under /etc/speedy. */
    public static Path conffile(String service, String[] args) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            System.err.println("usage: " + service + " [CONFFILE]   (default: /etc/speedy/" + service + ".conf)");
            System.exit(EXIT_USAGE);
        }
        return args.length == 1 ? Path.of(args[0]) : Path.of("/etc/speedy", service + ".conf");
    }

    /** Reads the conffile into settings; exits with {@link #EXIT_CONFIG} and every problem listed if it is broken. */
    public static <S> S readSettings(String service, Path conffile, Function<ConfigReader, S> reader) {
        try {
            return read(conffile, reader);
        } catch (ConfigException e) {
            reportConfigProblems(service, e, System.err);
            System.exit(EXIT_CONFIG);
            throw new AssertionError("unreachable");
        }
    }

    /** The report of a broken conffile that every service and command prints: one line per problem. */
    public static void reportConfigProblems(String service, ConfigException e, PrintStream err) {
        err.println(service + ": the conffile has problems; nothing was started:");
        e.problems().forEach(p -> err.println("  " + p));
    }

    /** Reads and checks the whole conffile; throws with every problem found. */
    public static <S> S read(Path conffile, Function<ConfigReader, S> reader) throws ConfigException {
        ConfigReader config = new ConfigReader(ConfFile.read(conffile));
        S settings = reader.apply(config);
        config.finish();
        return settings;
    }

    /** Runs a long-lived service until SIGTERM or SIGINT, then stops it and returns. */
    public static <S> void run(String service, String version, String[] args,
                               Function<ConfigReader, S> reader, Starter<S> starter) {
        DnsCache.useShortTtl();
        Path conffile = conffile(service, args);
        S settings = readSettings(service, conffile, reader);
        AutoCloseable running;
        try {
            running = starter.start(settings);
        } catch (Exception e) {
            LOG.error("{} {} failed to start: {}", service, version, e.toString());
            System.exit(1);
            return;
        }
        LOG.info("{} {} started with {}", service, version, conffile);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", service);
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", service, e.toString());
            }
            LOG.info("{} stopped", service);
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    public static String version(Class<?> mainClass) {
        String v = mainClass.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
