package com.speedy.notifier;

import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DatabaseMonitor;
import com.speedy.runtime.database.SchemaMigration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: database pool and its monitor, the LISTEN connection and the delivery worker. Closing it stops
 * the listener, lets the worker finish the notification it is pushing and commit its batch, then closes the database.
 */
public final class NotifierDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierDaemon.class);
    private static final Duration DATABASE_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** Beyond the one gateway request in flight, how long the worker gets to commit its batch. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Database database;
    private final DatabaseMonitor monitor;
    private final NotificationListener listener;
    private final NotificationWorker worker;
    private final Thread listenerThread;
    private final Thread workerThread;
    private final Duration stopTimeout;

    private NotifierDaemon(Database database, DatabaseMonitor monitor, NotificationListener listener,
                           NotificationWorker worker, Duration stopTimeout) {
        this.database = database;
        this.monitor = monitor;
        this.listener = listener;
        this.worker = worker;
        this.stopTimeout = stopTimeout;
        this.listenerThread = thread(listener, "notification-listener");
        this.workerThread = thread(worker, "notification-worker");
    }

    public static NotifierDaemon start(NotifierSettings settings, String version) {
        return start(settings, new HttpPushGateway(settings.gatewayUrl(), settings.gatewayTimeout(), version));
    }

    static NotifierDaemon start(NotifierSettings settings, PushGateway gateway) {
        Database database = Database.open(settings.database(), "speedy-notifier");
        DatabaseMonitor monitor = new DatabaseMonitor(database,
                new SchemaMigration(database.dataSource(), "speedy-notifier"), DATABASE_CHECK_INTERVAL);
        Wakeup wakeup = new Wakeup();
        NotificationListener listener = new NotificationListener(settings.database(), wakeup);
        NotificationWorker worker = new NotificationWorker(new NotificationQueue(database.dataSource()), gateway,
                settings.retryPolicy(), settings.batchSize(), settings.pollInterval(), monitor, wakeup);
        NotifierDaemon daemon = new NotifierDaemon(database, monitor, listener, worker,
                settings.gatewayTimeout().plus(STOP_GRACE));
        monitor.start();
        daemon.listenerThread.start();
        daemon.workerThread.start();
        return daemon;
    }

    public DatabaseMonitor databaseMonitor() {
        return monitor;
    }

    /** Whether the LISTEN connection is up (otherwise the worker only polls). */
    public boolean listening() {
        return listener.listening();
    }

    @Override
    public void close() {
        listener.stop();
        worker.stop();
        try {
            workerThread.join(stopTimeout.toMillis());
            if (workerThread.isAlive()) {
                LOG.warn("the delivery worker did not finish within {} s; its batch will be retried", stopTimeout.toSeconds());
            }
            listenerThread.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        monitor.close();
        database.close();
    }

    private static Thread thread(Runnable task, String name) {
        Thread t = new Thread(task, name);
        // The launcher's main thread keeps the JVM alive; these must not keep it from exiting.
        t.setDaemon(true);
        return t;
    }
}
