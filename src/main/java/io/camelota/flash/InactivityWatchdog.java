package io.camelota.flash;

import io.camelota.download.AbortableBody;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * update.timeout as the original meant it: an attempt that makes no progress for that long is
 * aborted. Progress re-arms it; on expiry it closes the body stream, which makes the blocked read
 * fail, and the installer reports "Update timed out" (not the original's "idle", protocol §5.8).
 * <p>
 * The socket read timeout is half of update.timeout (OtaSettings.readTimeoutMillis): a stalled
 * read fails first and is resumed with Range; this watchdog ends the attempt only when no byte has
 * arrived for the whole update.timeout, resumes included.
 */
final class InactivityWatchdog implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final long timeoutNanos;
    private final Closeable target;
    private final LongSupplier nanoTime;
    private volatile long lastProgressNanos;
    private volatile boolean expired;
    private ScheduledFuture<?> task;

    InactivityWatchdog(ScheduledExecutorService scheduler, long timeoutSeconds, Closeable target) {
        this(scheduler, timeoutSeconds, target, System::nanoTime);
    }

    /** {@code nanoTime}: the clock (tests move it by hand and call {@link #check()} themselves). */
    InactivityWatchdog(ScheduledExecutorService scheduler, long timeoutSeconds, Closeable target, LongSupplier nanoTime) {
        this.scheduler = scheduler;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.target = target;
        this.nanoTime = nanoTime;
        this.lastProgressNanos = nanoTime.getAsLong();
    }

    InactivityWatchdog start() {
        if (timeoutNanos > 0) {
            long period = Math.max(50, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10);
            task = scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    void touch() {
        lastProgressNanos = nanoTime.getAsLong();
    }

    boolean expired() {
        return expired;
    }

    /** True while a periodic check is scheduled (started with a timeout, not closed). */
    boolean armed() {
        return task != null && !task.isCancelled();
    }

    /** One look at the clock: expires (and closes the body) after timeout without progress. */
    void check() {
        if (timeoutNanos > 0 && !expired && nanoTime.getAsLong() - lastProgressNanos > timeoutNanos) {
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
