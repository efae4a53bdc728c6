package com.speedy.jobs;

import com.speedy.runtime.ServiceLauncher;
import com.speedy.runtime.config.ConfigException;
import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DnsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Jobs run trending|purge [CONFFILE]}: runs one job once and exits; the systemd timers start it. Exit codes: 0
 * the job ran, or another host was running it; 1 the database was unreachable or the job failed (the timer tries again
 * next time); 64 bad arguments; 78 a broken conffile.
 */
public final class Jobs {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;

    static final String SERVICE = "speedy-jobs";
    static final Path DEFAULT_CONFFILE = Path.of("/etc/speedy", SERVICE + ".conf");

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private static final String USAGE = """
            usage: speedy-jobs run %s [CONFFILE]
              Runs one periodic job once and exits; systemd timers start it. Where several hosts run the timers,
              one host runs each job and the others skip it.
              CONFFILE  the settings (default: %s)
            examples:
              sudo systemctl start speedy-jobs-trending.service
              sudo -u speedy java -cp '/usr/share/speedy-jobs/speedy-jobs.jar:/usr/share/speedy-jobs/lib/*' \\
                  com.speedy.jobs.Jobs run trending /etc/speedy/speedy-jobs.conf
            exit codes: 0 ran or skipped (another host runs it), 1 database unreachable or job failed,
                        64 bad arguments, 78 broken conffile
            """.formatted(JobName.choices(), DEFAULT_CONFFILE);

    private Jobs() {}

    public static void main(String[] args) {
        DnsCache.useShortTtl();
        System.exit(execute(args, System.out, System.err));
    }

    /** Everything {@link #main} does but exit: returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        List<String> words = List.of(args);
        if (words.contains("--help") || words.contains("-h")) {
            out.print(USAGE);
            return EXIT_OK;
        }
        if (words.isEmpty() || !words.get(0).equals("run")) {
            return usageError(err, words.isEmpty() ? "no command given" : "unknown command \"" + words.get(0) + "\"");
        }
        if (words.size() < 2) {
            return usageError(err, "run: which job? (" + JobName.choices() + ")");
        }
        Optional<JobName> name = JobName.parse(words.get(1));
        if (name.isEmpty()) {
            return usageError(err, "run: unknown job \"" + words.get(1) + "\" (" + JobName.choices() + ")");
        }
        if (words.size() > 3 || (words.size() == 3 && words.get(2).startsWith("-"))) {
            return usageError(err, "run: unexpected argument \"" + words.get(words.size() - 1) + "\"");
        }
        Path conffile = words.size() == 3 ? Path.of(words.get(2)) : DEFAULT_CONFFILE;

        JobsSettings settings;
        try {
            settings = ServiceLauncher.read(conffile, JobsSettings::read);
        } catch (ConfigException e) {
            ServiceLauncher.reportConfigProblems(SERVICE, e, err);
            return ServiceLauncher.EXIT_CONFIG;
        }
        return run(settings, name.get());
    }

    /** Runs one job against the database in the settings and maps the outcome to an exit code. */
    static int run(JobsSettings settings, JobName name) {
        Job job = settings.job(name);
        String where = settings.database().describe();
        String version = ServiceLauncher.version(Jobs.class);
        try (Database database = Database.open(settings.database(), SERVICE + "-" + name)) {
            Database.Reachability reachability = database.checkReachable();
            if (!reachability.reachable()) {
                LOG.error("{}: database {} not reachable: {}; the timer tries again next time",
                        name, where, reachability.reason());
                return EXIT_FAILED;
            }
            LOG.info("{}: speedy-jobs {} starting against database {}", name, version, where);
            new JobRunner(database, LOG::info).run(job);
            return EXIT_OK;
        } catch (MissingSchemaException e) {
            LOG.error("{}: database {}: {}", name, where, e.getMessage());
            return EXIT_FAILED;
        } catch (SQLException e) {
            LOG.error("{}: failed against database {}: {}; the timer tries again next time", name, where, e.getMessage());
            return EXIT_FAILED;
        }
    }

    private static int usageError(PrintStream err, String problem) {
        err.println(SERVICE + ": " + problem);
        err.print(USAGE);
        return ServiceLauncher.EXIT_USAGE;
    }
}
