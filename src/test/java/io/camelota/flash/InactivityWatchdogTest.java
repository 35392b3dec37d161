package io.camelota.flash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InactivityWatchdogTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

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

    @Test
    void closesAStalledStreamAndReportsExpired() throws Exception {
        PipedInputStream pipe = new PipedInputStream(new PipedOutputStream());
        Recording body = new Recording(pipe);
        try (InactivityWatchdog w = new InactivityWatchdog(scheduler, 1, body).start()) {
            assertThat(w.expired()).isFalse();
            assertThat(body.closed.await(5, TimeUnit.SECONDS)).as("closed after ~1 s without progress").isTrue();
            assertThat(w.expired()).isTrue();
        }
        assertThatThrownBy(() -> body.read()).isInstanceOf(IOException.class).hasMessage("Pipe closed");
    }

    @Test
    void progressKeepsItAlive() throws Exception {
        Recording body = new Recording(new PipedInputStream(new PipedOutputStream()));
        try (InactivityWatchdog w = new InactivityWatchdog(scheduler, 1, body).start()) {
            long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < end) {
                w.touch();
                Thread.sleep(100);
            }
            assertThat(w.expired()).isFalse();
            assertThat(body.closed.getCount()).isEqualTo(1);
            // and once progress stops, it fires
            await().atMost(Duration.ofSeconds(5)).until(w::expired);
        }
    }

    @Test
    void closedWatchdogNeverFires() throws Exception {
        Recording body = new Recording(new PipedInputStream(new PipedOutputStream()));
        InactivityWatchdog w = new InactivityWatchdog(scheduler, 1, body).start();
        w.close();
        assertThat(body.closed.await(2500, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(w.expired()).isFalse();
    }

    @Test
    void zeroTimeoutMeansNever() throws Exception {
        Recording body = new Recording(new PipedInputStream(new PipedOutputStream()));
        try (InactivityWatchdog w = new InactivityWatchdog(scheduler, 0, body).start()) {
            assertThat(body.closed.await(500, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(w.expired()).isFalse();
        }
    }
}
