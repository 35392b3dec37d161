package io.camelota.flash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watchdog on a clock the test moves: what it decides never depends on how busy the machine is. */
class InactivityWatchdogTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Records close() so the test sees the watchdog act even where close does not wake a blocked reader. */
    private static final class Recording extends FilterInputStream {
        final CountDownLatch closed = new CountDownLatch(1);

        Recording(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            super.close();
            closed.countDown();
        }
    }

    private static Recording body() throws IOException {
        return new Recording(new PipedInputStream(new PipedOutputStream()));
    }

    private InactivityWatchdog watchdog(long timeoutSeconds, Recording body) {
        return new InactivityWatchdog(scheduler, timeoutSeconds, body, now::get);
    }

    @Test
    void closesAStalledStreamAndReportsExpired() throws Exception {
        Recording body = body();
        InactivityWatchdog w = watchdog(1, body);
        now.addAndGet(SECOND);
        w.check();
        assertThat(w.expired()).as("exactly the timeout is not yet more than it").isFalse();
        now.addAndGet(1);
        w.check();
        assertThat(w.expired()).isTrue();
        assertThat(body.closed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessage("Pipe closed");
    }

    @Test
    void progressKeepsItAlive() throws Exception {
        Recording body = body();
        InactivityWatchdog w = watchdog(1, body);
        for (int i = 0; i < 10; i++) {
            now.addAndGet(SECOND * 9 / 10);
            w.touch();
            w.check();
        }
        assertThat(w.expired()).as("9 s of steady progress").isFalse();
        assertThat(body.closed.getCount()).isEqualTo(1);
        now.addAndGet(SECOND + 1);
        w.check();
        assertThat(w.expired()).as("and once progress stops, it fires").isTrue();
    }

    @Test
    void theSchedulerRunsTheChecks() throws Exception {
        // the real clock and scheduler: only "eventually" is asserted, so load cannot flip it
        Recording body = body();
        try (InactivityWatchdog w = new InactivityWatchdog(scheduler, 1, body).start()) {
            assertThat(w.armed()).isTrue();
            assertThat(body.closed.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(w.expired()).isTrue();
        }
    }

    @Test
    void aClosedWatchdogIsDisarmed() throws Exception {
        InactivityWatchdog w = watchdog(1, body()).start();
        assertThat(w.armed()).isTrue();
        w.close();
        assertThat(w.armed()).isFalse();
    }

    @Test
    void zeroTimeoutMeansNever() throws Exception {
        Recording body = body();
        try (InactivityWatchdog w = watchdog(0, body).start()) {
            assertThat(w.armed()).isFalse();
            now.addAndGet(1_000_000 * SECOND);
            w.check();
            assertThat(w.expired()).isFalse();
            assertThat(body.closed.getCount()).isEqualTo(1);
        }
    }
}
