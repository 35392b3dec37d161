package io.camelota.lifecycle;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tries a boot-state write until it is on storage or the agent stops: a commit or revert that a full or
 * read-only disk refused must not be left half-done in memory, nor wait for a restart that costs a boot
 * attempt. Waits double from {@code firstWaitMillis} up to a minute.
 */
final class WriteRetry {

    /** One attempt of the write; its exception is reported and the write tried again. */
    @FunctionalInterface
    interface Write<T> {
        T run() throws IOException;
    }

    /** Told about each failed try (to put it in the status and the log). */
    @FunctionalInterface
    interface Failure {
        void failed(IOException e, long nextTryMillis);
    }

    private static final long MAX_WAIT_MILLIS = 60_000;

    private final long firstWaitMillis;
    private final CountDownLatch stopping;

    WriteRetry(long firstWaitMillis, CountDownLatch stopping) {
        this.firstWaitMillis = firstWaitMillis;
        this.stopping = stopping;
    }

    /** The write's result, or {@code null} when the agent stopped before it succeeded (no decision then). */
    <T> T untilWritten(Write<T> write, Failure failure) throws InterruptedException {
        long wait = firstWaitMillis;
        while (true) {
            try {
                return write.run();
            } catch (IOException e) {
                failure.failed(e, wait);
            }
            if (stopping.await(wait, TimeUnit.MILLISECONDS)) {
                return null;
            }
            wait = Math.min(MAX_WAIT_MILLIS, wait * 2);
        }
    }
}
