package com.speedy.repo.cli;

import com.speedy.repo.publish.Publisher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The publisher's messages on standard output and, on a terminal, a progress line on standard error once a publish has
 * run for a second: "read 4213/10000 packages (8.3 MB)", redrawn a few times a second from the latest count, and
 * cleared before each message and at the end. In a script (no terminal) only the messages are written.
 */
final class TerminalProgress implements Publisher.Console, AutoCloseable {
    static final Duration QUIET_FOR = Duration.ofSeconds(1);
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicReference<Publisher.Progress> latest = new AtomicReference<>();
    /** Empty in a script: nothing is drawn. */
    private final Optional<ScheduledExecutorService> display;
    private int drawnWidth;

    private TerminalProgress(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.display = terminal ? Optional.of(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        })) : Optional.empty();
        display.ifPresent(d -> d.scheduleAtFixedRate(this::redraw, QUIET_FOR.toMillis(), REDRAW_MILLIS,
                TimeUnit.MILLISECONDS));
    }

    /** Progress shown only when the JVM runs on a terminal, as {@link System#console()} tells. */
    static TerminalProgress forThisProcess() {
        return new TerminalProgress(System.out, System.err, System.console() != null);
    }

    static TerminalProgress of(PrintStream out, PrintStream err, boolean terminal) {
        return new TerminalProgress(out, err, terminal);
    }

    @Override
    public synchronized void info(String message) {
        clear();
        out.println(message);
    }

    @Override
    public void progress(Publisher.Progress progress) {
        latest.set(progress);
    }

    /** One progress line, e.g. {@code read 4213/10000 packages (8.3 MB)}. */
    static String line(Publisher.Progress p) {
        return String.format(Locale.ROOT, "%s %d/%d packages (%.1f MB)", p.step(), p.done(), p.total(),
                p.bytes() / 1e6);
    }

    synchronized void redraw() {
        Publisher.Progress p = latest.get();
        if (p == null) {
            return;
        }
        String text = line(p);
        err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
        err.flush();
        drawnWidth = text.length();
    }

    private void clear() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        display.ifPresent(ScheduledExecutorService::shutdownNow);
        clear();
    }
}
