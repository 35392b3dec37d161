package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void doublesFromOneSecondAndStopsAtSixty() {
        ManualClock clock = new ManualClock();
        Backoff b = new Backoff(clock);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            b.started();
            clock.now = clock.now.plusSeconds(2);
            waits.add(b.exited().toSeconds());
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void aRunAsLongAsTheCapStartsOverAtOneSecond() {
        ManualClock clock = new ManualClock();
        Backoff b = new Backoff(clock);
        for (int i = 0; i < 5; i++) {
            b.started();
            b.exited();
        }
        b.started();
        clock.now = clock.now.plus(Duration.ofSeconds(59));
        assertThat(b.exited()).isEqualTo(Duration.ofSeconds(32));
        b.started();
        clock.now = clock.now.plus(Duration.ofSeconds(60));
        assertThat(b.exited()).isEqualTo(Duration.ofSeconds(1));
        b.started();
        assertThat(b.exited()).isEqualTo(Duration.ofSeconds(2));
    }
}
