package io.camelota.flash;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * update.timeout as the original meant it: an attempt that makes no progress for that long is
 * aborted. Progress re-arms it; on expiry it closes the body stream, which makes the blocked read
 * fail, and the installer reports "Update timed out" (not the original's "idle", protocol §5.8).
 */
final class InactivityWatchdog implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final long timeoutNanos;
    private final Closeable target;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile boolean expired;
    private ScheduledFuture<?> task;

    InactivityWatchdog(ScheduledExecutorService scheduler, long timeoutSeconds, Closeable target) {
        this.scheduler = scheduler;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.target = target;
    }

    InactivityWatchdog start() {
        if (timeoutNanos > 0) {
            long period = Math.max(50, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10);
            task = scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    void touch() {
        lastProgressNanos = System.nanoTime();
    }

    boolean expired() {
        return expired;
    }

    private void check() {
        if (!expired && System.nanoTime() - lastProgressNanos > timeoutNanos) {
            expired = true;
            // Closed on a thread of its own: closing an HTTP body may try to drain it, and the
            // shared scheduler must stay free for other watchdogs.
            Thread closer = new Thread(() -> {
                if (target instanceof AbortableBody body) {
                    body.abort(); // an HTTP body: drop the connection, never drain a stalled one
                    return;
                }
                try {
                    target.close();
                } catch (IOException ignored) {
                    // closing is only a way to wake the reader; it reports the timeout itself
                }
            }, "flash-watchdog-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
