package io.camelota.device;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the next poll may go out (the original polled on a fixed period: a fleet rebooted by a
 * power cut polled in lock-step). Each tick waits a random part of update.jitter × interval; a
 * 429/503 Retry-After postpones polling that long; other failures back off exponentially
 * (interval × 2^(n-1), capped at update.backoff_max), and a success resets it.
 */
public final class PollSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(PollSchedule.class);

    private final long intervalSeconds;
    private final double jitter;
    private final long backoffMaxSeconds;
    private final Random random;
    private final Clock clock;
    private int failures;
    private Instant notBefore = Instant.MIN;
    private Instant firstPollAt = Instant.MIN;
    private boolean retryAfterSet;
    private final TimeWindow window;
    /** whether the last tick was outside update.window (its closure is logged once, not every tick) */
    private boolean outsideLogged;

    public PollSchedule(long intervalSeconds, double jitter, long backoffMaxSeconds, Random random, Clock clock) {
        this(intervalSeconds, jitter, backoffMaxSeconds, random, clock, TimeWindow.always(java.time.ZoneOffset.UTC));
    }

    /** {@code window}: update.window; outside it no tick polls. */
    public PollSchedule(long intervalSeconds, double jitter, long backoffMaxSeconds, Random random, Clock clock,
                        TimeWindow window) {
        this.window = window;
        this.intervalSeconds = intervalSeconds;
        this.jitter = jitter;
        this.backoffMaxSeconds = backoffMaxSeconds;
        this.random = random;
        this.clock = clock;
    }

    /** How long this tick waits before polling: uniform in [0, jitter × interval). */
    public synchronized long jitterMillis() {
        long span = (long) (jitter * intervalSeconds * 1000);
        return span <= 0 ? 0 : (long) (random.nextDouble() * span);
    }

    /**
     * update.poll_on_start=false: the first poll comes one interval after start. Quartz's
     * triggerStartDelay cannot say so — camel-quartz applies it only when the scheduler is already
     * running, and at a context's start it is not, so the trigger fires at once — so the tick at
     * start is skipped here instead (with half a second, at most, of slack for the trigger's own start).
     */
    public synchronized void firstPollAfterOneInterval() {
        long ms = intervalSeconds * 1000;
        firstPollAt = clock.instant().plusMillis(ms - Math.min(500, ms / 2));
    }

    /**
     * Whether update.window is open now. Outside it a tick is skipped: the first tick inside polls
     * (after its jitter), so a fleet's polls spread over the window's first interval by themselves.
     */
    public synchronized boolean inWindow() {
        boolean open = window.contains(clock.instant());
        if (!open && !outsideLogged) {
            LOG.info("polls wait for update.window {}: next opening {}", window,
                    window.describeNextOpening(clock.instant()));
        }
        outsideLogged = !open;
        return open;
    }

    /** False outside update.window, while a backoff or a Retry-After is in force, or before the first poll is due. */
    public synchronized boolean due() {
        if (!inWindow()) {
            return false;
        }
        if (clock.instant().isBefore(firstPollAt)) {
            LOG.debug("poll skipped: the first poll is one interval after start (update.poll_on_start=false)");
            return false;
        }
        boolean due = !clock.instant().isBefore(notBefore);
        if (!due) {
            LOG.info("poll skipped: backing off until {}", notBefore);
        }
        return due;
    }

    /** A 429/503 said when to come back: seconds, or an HTTP date. Unparsable values are ignored. */
    public synchronized void retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        Instant until;
        try {
            until = now.plusSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (ArithmeticException | DateTimeException e) {
            // beyond the end of time: a hostile or broken value, ignored like an unparsable one
            return;
        } catch (NumberFormatException e) {
            try {
                until = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return;
            }
        }
        // A server may postpone polling, but not for longer than the backoff cap: a broken or hostile
        // Retry-After must not silence the device until its next restart.
        Instant cap = now.plusSeconds(backoffMaxSeconds);
        notBefore = until.isAfter(cap) ? cap : until;
        retryAfterSet = true;
        LOG.info("server asked to retry after {}", until);
    }

    /** The attempt's outcome: success resets the backoff; a failure extends it (unless Retry-After already set it). */
    public synchronized void outcome(boolean success) {
        if (success) {
            failures = 0;
            notBefore = Instant.MIN;
        } else if (!retryAfterSet) {
            failures++;
            long delay = Math.min(backoffMaxSeconds, intervalSeconds * (1L << Math.min(failures - 1, 30)));
            notBefore = clock.instant().plus(Duration.ofSeconds(delay)).minusMillis(500);
        }
        retryAfterSet = false;
    }

    public synchronized int failures() {
        return failures;
    }

    public synchronized Instant notBefore() {
        return notBefore;
    }
}
