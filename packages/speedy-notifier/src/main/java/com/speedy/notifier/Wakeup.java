package com.speedy.notifier;

import java.time.Duration;

/** A doorbell between the listener and the worker: rings that come while the worker is busy are kept, as one. */
final class Wakeup {
    private boolean rung;

    synchronized void ring() {
        rung = true;
        notifyAll();
    }

    /** Waits until rung or until {@code max} has passed; either way clears the bell. */
    synchronized void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!rung) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        rung = false;
    }
}
