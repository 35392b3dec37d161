package io.camelota.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * boot.reboot_window: an installed update switches over (reboot, app restart, exit — whatever
 * boot.reboot_mode does) only inside the window; outside it the status says so and a timer starts
 * the switch-over when the window opens. Only an install's switch-over waits: a revert (an operator's
 * POST /update/revert, a failed commit) goes back to the good slot at once. POST /update/reboot
 * starts a waiting switch-over now.
 */
public final class RebootWindow {

    private static final Logger LOG = LoggerFactory.getLogger(RebootWindow.class);
    /** the flash: producer's header: a new slot was installed (FlashConstants.REBOOT_REQUIRED) */
    private static final String INSTALLED = "CamelFlashRebootRequired";
    private static final String VERSION = "CamelFlashVersion";

    private final Reboot reboot;
    private final StatusBoard board;
    private final TimeWindow window;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> pending;
    private String waitingVersion;

    public RebootWindow(Reboot reboot, StatusBoard board, TimeWindow window, Clock clock, ScheduledExecutorService timer) {
        this.reboot = reboot;
        this.board = board;
        this.window = window;
        this.clock = clock;
        this.timer = timer;
    }

    /** The reboot route's step. */
    public void request(Exchange exchange) {
        boolean switchOver = Boolean.TRUE.equals(exchange.getMessage().getHeader(INSTALLED, Boolean.class));
        Instant now = clock.instant();
        if (!switchOver || window.contains(now)) {
            reboot.request();
            return;
        }
        String version = exchange.getMessage().getHeader(VERSION, "?", String.class);
        String message = "Installed " + version + ", waiting for the reboot window (" + window.describeNextOpening(now) + ")";
        // inside a polled check the attempt still holds the status; after an upload it has ended
        if (board.holds(exchange.getExchangeId())) {
            board.success(exchange.getExchangeId(), message);
        } else {
            board.note(UpdateState.SUCCESS, 1, message);
        }
        synchronized (this) {
            waitingVersion = version;
            scheduleCheck(now);
        }
    }

    /** Whether an installed update waits for the window. */
    public synchronized boolean waiting() {
        return waitingVersion != null;
    }

    /** POST /update/reboot: a waiting switch-over starts now; false when none waits. */
    public synchronized boolean startNow() {
        if (waitingVersion == null) {
            return false;
        }
        LOG.info("switch-over to {} started by request, outside boot.reboot_window", waitingVersion);
        start();
        return true;
    }

    /** The timer's check: inside the window the switch-over starts, else (clock changed, DST) it waits again. */
    synchronized void check() {
        if (waitingVersion == null) {
            return;
        }
        Instant now = clock.instant();
        if (window.contains(now)) {
            LOG.info("boot.reboot_window is open: switching over to {}", waitingVersion);
            start();
        } else {
            scheduleCheck(now);
        }
    }

    private void start() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        waitingVersion = null;
        reboot.request();
    }

    private void scheduleCheck(Instant now) {
        if (pending != null) {
            pending.cancel(false);
        }
        Instant at = window.nextOpening(now).orElse(now.plus(Duration.ofHours(1)));
        // at most an hour at a time: a wall clock set forward (NTP after a cold start) is noticed
        long delayMs = Math.min(Duration.between(now, at).toMillis() + 1000, TimeUnit.HOURS.toMillis(1));
        pending = timer.schedule(this::check, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }
}
