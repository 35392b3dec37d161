package io.camelota.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Restart delays for a committed app that exits: 1 s, doubling, capped at 60 s. A run that lasted
 * at least the cap counts as healthy again, so the next crash waits 1 s (a crash once a day
 * should not wait a minute because of last week's crash loop).
 */
public final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(60);

    private final Clock clock;
    private Duration next = FIRST;
    private Instant started;

    public Backoff(Clock clock) {
        this.clock = clock;
    }

    /** The app (re)started now. */
    public synchronized void started() {
        started = clock.instant();
    }

    /** The app exited now: how long to wait before the next start. */
    public synchronized Duration exited() {
        if (started != null && Duration.between(started, clock.instant()).compareTo(CAP) >= 0) {
            next = FIRST;
        }
        Duration d = next;
        next = next.multipliedBy(2).compareTo(CAP) > 0 ? CAP : next.multipliedBy(2);
        return d;
    }
}
