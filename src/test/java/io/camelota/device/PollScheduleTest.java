package io.camelota.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link PollSchedule} on a hand-moved clock and a seeded Random: jitter, Retry-After, backoff. */
class PollScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();

    private PollSchedule schedule(long interval, double jitter, long backoffMax) {
        return new PollSchedule(interval, jitter, backoffMax, new Random(1234), clock);
    }

    /** update.poll_on_start=false: Quartz's tick at start is skipped, the one an interval later polls. */
    @Test
    void withoutPollOnStartTheTickAtStartIsSkippedAndTheNextOnePolls() {
        PollSchedule s = schedule(3600, 0, 21600);
        s.firstPollAfterOneInterval();
        assertThat(s.due()).as("the trigger's fire at start").isFalse();
        clock.advance(Duration.ofSeconds(1800));
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofSeconds(1800));
        assertThat(s.due()).as("one interval after start").isTrue();
        PollSchedule onStart = schedule(3600, 0, 21600);
        assertThat(onStart.due()).as("poll_on_start: at once").isTrue();
    }

    @Test
    void jitterStaysWithinTheFractionOfTheInterval() {
        PollSchedule s = schedule(3600, 0.1, 21600);
        long span = (long) (0.1 * 3600 * 1000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long j = s.jitterMillis();
            assertThat(j).isGreaterThanOrEqualTo(0).isLessThan(span);
            min = Math.min(min, j);
            max = Math.max(max, j);
        }
        // spread over the span, not a constant
        assertThat(min).isLessThan(span / 10);
        assertThat(max).isGreaterThan(span * 9 / 10);
    }

    @Test
    void jitterIsReproducibleWithTheSameSeed() {
        PollSchedule a = schedule(600, 0.5, 21600);
        PollSchedule b = schedule(600, 0.5, 21600);
        for (int i = 0; i < 20; i++) {
            assertThat(a.jitterMillis()).isEqualTo(b.jitterMillis());
        }
    }

    @Test
    void noJitterMeansNoWait() {
        PollSchedule s = schedule(3600, 0, 21600);
        for (int i = 0; i < 100; i++) {
            assertThat(s.jitterMillis()).isZero();
        }
    }

    @Test
    void aFreshScheduleIsDue() {
        PollSchedule s = schedule(60, 0, 3600);
        assertThat(s.due()).isTrue();
        assertThat(s.failures()).isZero();
    }

    @Test
    void retryAfterIsCappedAtTheBackoffMaximum() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("864000");
        assertThat(s.notBefore()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void retryAfterInSecondsPostponesPolling() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("120");
        assertThat(s.notBefore()).isEqualTo(T0.plusSeconds(120));
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofSeconds(119));
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.due()).isTrue();
    }

    @Test
    void retryAfterAsAnHttpDate() {
        PollSchedule s = schedule(60, 0, 3600);
        Instant when = T0.plusSeconds(900);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atZone(ZoneOffset.UTC));
        s.retryAfter(date);
        assertThat(s.notBefore()).isEqualTo(when);
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofSeconds(900));
        assertThat(s.due()).isTrue();
    }

    @Test
    void retryAfterInThePastOrNegativeDoesNotBlock() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("-30");
        assertThat(s.due()).isTrue();
        s.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.minusSeconds(60).atZone(ZoneOffset.UTC)));
        assertThat(s.due()).isTrue();
    }

    @Test
    void unparsableRetryAfterIsIgnored() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("soon");
        s.retryAfter("");
        s.retryAfter(null);
        s.retryAfter("99999999999999999999999");
        assertThat(s.due()).isTrue();
        assertThat(s.notBefore()).isEqualTo(Instant.MIN);
        // a failure afterwards backs off normally: no Retry-After was taken
        s.outcome(false);
        assertThat(s.failures()).isEqualTo(1);
    }

    @Test
    void retryAfterBeyondTheEndOfTimeIsIgnoredNotThrown() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter(Long.toString(Long.MAX_VALUE));
        assertThat(s.due()).isTrue();
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCap() {
        PollSchedule s = schedule(60, 0, 600);
        long[] expected = {60, 120, 240, 480, 600, 600, 600};
        for (int i = 0; i < expected.length; i++) {
            s.outcome(false);
            assertThat(s.failures()).isEqualTo(i + 1);
            // half a second early, so a tick that lands right on time is not skipped
            assertThat(s.notBefore()).as("after failure %d", i + 1)
                    .isEqualTo(clock.instant().plusSeconds(expected[i]).minusMillis(500));
        }
    }

    @Test
    void manyFailuresDoNotOverflow() {
        PollSchedule s = schedule(3600, 0, 21600);
        for (int i = 0; i < 100; i++) {
            s.outcome(false);
        }
        assertThat(s.notBefore()).isEqualTo(clock.instant().plusSeconds(21600).minusMillis(500));
    }

    @Test
    void notDueWhileBackingOff() {
        PollSchedule s = schedule(60, 0, 3600);
        s.outcome(false);
        s.outcome(false);
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofMillis(59_499));
        assertThat(s.due()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(s.due()).isTrue();
    }

    @Test
    void successResetsTheBackoff() {
        PollSchedule s = schedule(60, 0, 3600);
        s.outcome(false);
        s.outcome(false);
        s.outcome(false);
        assertThat(s.due()).isFalse();
        s.outcome(true);
        assertThat(s.failures()).isZero();
        assertThat(s.notBefore()).isEqualTo(Instant.MIN);
        assertThat(s.due()).isTrue();
        s.outcome(false);
        assertThat(s.notBefore()).as("the doubling starts again from the interval")
                .isEqualTo(clock.instant().plusSeconds(60).minusMillis(500));
    }

    @Test
    void retryAfterTakesPrecedenceOverTheBackoffForThatFailureOnly() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("1000");
        s.outcome(false);
        assertThat(s.notBefore()).isEqualTo(T0.plusSeconds(1000));
        assertThat(s.failures()).isZero();
        clock.advance(Duration.ofSeconds(1000));
        assertThat(s.due()).isTrue();
        s.outcome(false);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.notBefore()).isEqualTo(clock.instant().plusSeconds(60).minusMillis(500));
    }

    @Test
    void successAfterRetryAfterClearsIt() {
        PollSchedule s = schedule(60, 0, 3600);
        s.retryAfter("1000");
        s.outcome(true);
        assertThat(s.due()).isTrue();
    }
}
