package io.camelota.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelota.device.RebootMode;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The windows as the poll schedule and the reboot step apply them, on a clock the test moves. */
class WindowClockTest {

    /** A clock the test moves; 2026-12-07 is a Monday. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(String iso) {
            now = Instant.parse(iso);
        }

        void set(String iso) {
            now = Instant.parse(iso);
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

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void pollTicksOutsideTheWindowAreSkippedAndTheFirstInsidePolls() {
        MovableClock clock = new MovableClock("2026-12-07T00:30:00Z");
        PollSchedule s = new PollSchedule(600, 0, 3600, new Random(1), clock,
                TimeWindow.parse("update.window", "01:00-05:00", ZoneId.of("Europe/Berlin")));
        // 01:30 Berlin: inside
        assertThat(s.due()).isTrue();
        clock.set("2026-12-07T04:00:00Z"); // 05:00 Berlin: the window has closed
        assertThat(s.due()).isFalse();
        assertThat(s.inWindow()).isFalse();
        clock.set("2026-12-07T23:59:00Z"); // 00:59 Berlin
        assertThat(s.due()).isFalse();
        clock.set("2026-12-08T00:00:00Z"); // 01:00 Berlin
        assertThat(s.due()).isTrue();
        assertThat(s.failures()).as("skipped ticks are no failures").isZero();
    }

    @Test
    void aWindowedTickStillHonoursTheBackoff() {
        MovableClock clock = new MovableClock("2026-12-07T02:00:00Z");
        PollSchedule s = new PollSchedule(600, 0, 3600, new Random(1), clock,
                TimeWindow.parse("update.window", "01:00-05:00", ZoneOffset.UTC));
        s.outcome(false);
        assertThat(s.due()).isFalse();
        clock.set("2026-12-07T02:10:00Z");
        assertThat(s.due()).isTrue();
    }

    private static Exchange installed(String version) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setHeader("CamelFlashRebootRequired", true);
        e.getMessage().setHeader("CamelFlashVersion", version);
        return e;
    }

    private record Rig(RebootWindow window, StatusBoard board, AtomicInteger shutdowns, Reboot reboot) {
    }

    private Rig rig(MovableClock clock, String window) {
        StatusBoard board = new StatusBoard(clock);
        AtomicInteger shutdowns = new AtomicInteger();
        Reboot reboot = new Reboot(RebootMode.EXIT, "", 75, code -> shutdowns.incrementAndGet());
        return new Rig(new RebootWindow(reboot, board, TimeWindow.parse("boot.reboot_window", window, ZoneOffset.UTC),
                clock, timer), board, shutdowns, reboot);
    }

    @Test
    void anInstallOutsideTheRebootWindowWaitsAndSwitchesOverWhenItOpens() throws Exception {
        MovableClock clock = new MovableClock("2026-12-07T12:00:00Z");
        Rig r = rig(clock, "02:00-04:00");

        r.window().request(installed("1.2.0"));

        assertThat(r.board().current().state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(r.board().current().message()).isEqualTo("Installed 1.2.0, waiting for the reboot window (02:00)");
        assertThat(r.reboot().requested()).isFalse();
        assertThat(r.window().waiting()).isTrue();

        clock.set("2026-12-07T23:00:00Z");
        r.window().check(); // the timer's run: still outside
        assertThat(r.reboot().requested()).isFalse();
        clock.set("2026-12-08T02:00:01Z");
        r.window().check();
        assertThat(r.reboot().requested()).isTrue();
        assertThat(r.window().waiting()).isFalse();
        Thread.sleep(500); // Reboot acts ~100 ms later on its own thread
        assertThat(r.shutdowns().get()).isEqualTo(1);
    }

    @Test
    void insideTheWindowTheSwitchOverIsImmediate() {
        MovableClock clock = new MovableClock("2026-12-08T03:00:00Z");
        Rig r = rig(clock, "Mon-Fri 22:00-06:00");
        r.window().request(installed("1.2.0")); // Monday 22:00 to Tuesday 06:00
        assertThat(r.reboot().requested()).isTrue();
    }

    @Test
    void aRevertNeverWaitsForTheWindow() {
        MovableClock clock = new MovableClock("2026-12-07T12:00:00Z");
        Rig r = rig(clock, "02:00-04:00");
        r.window().request(new DefaultExchange(new DefaultCamelContext()));
        assertThat(r.reboot().requested()).isTrue();
    }

    @Test
    void theOverrideStartsAWaitingSwitchOverNowAndOnlyThat() {
        MovableClock clock = new MovableClock("2026-12-07T12:00:00Z");
        Rig r = rig(clock, "Sat 02:00-03:00");
        assertThat(r.window().startNow()).as("nothing waits yet").isFalse();
        r.window().request(installed("1.3"));
        assertThat(r.board().current().message()).isEqualTo("Installed 1.3, waiting for the reboot window (Sat 02:00)");
        assertThat(r.window().startNow()).isTrue();
        assertThat(r.reboot().requested()).isTrue();
        assertThat(r.window().startNow()).isFalse();
    }

    @Test
    void theTimerFiresOnItsOwnWhenTheWindowOpens() throws Exception {
        // real scheduling against the movable clock: the window opens 1.5 s after "now"
        MovableClock clock = new MovableClock("2026-12-07T01:59:58.500Z");
        Rig r = rig(clock, "02:00-04:00");
        r.window().request(installed("1.2.0"));
        assertThat(r.reboot().requested()).isFalse();
        clock.set("2026-12-07T02:00:01Z");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!r.reboot().requested() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(r.reboot().requested()).isTrue();
    }
}
