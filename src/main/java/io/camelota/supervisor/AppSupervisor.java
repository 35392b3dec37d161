package io.camelota.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.camelota.lifecycle.BootDecision;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.slot.SlotLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisor mode: the agent runs the application as its child, always from the slot this start's boot
 * decision picked — never from whatever the boot state says later (a poll may install into the other
 * slot meanwhile; that slot runs only after the reboot and its own boot decision, with its attempt
 * written first). Started by the boot route after the decision, stopped with the agent (and so before
 * every "otaReboot"). An app that exits on its own is a failed boot while its slot is on trial
 * ({@link FailedBoot}), and is restarted with {@link Backoff} otherwise. Without {@code app.command}
 * every method does nothing.
 */
public final class AppSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);

    /** Status {@code app_state}. */
    public enum AppState {
        /** running on an uncommitted slot: the commit window decides */
        STARTING,
        /** running on a committed slot */
        RUNNING,
        /** not running, on purpose (agent stopping or rebooting; no app.command) */
        STOPPED,
        /** exited on its own: a failed boot, or waiting for its backoff restart */
        CRASHED;

        public String jsonName() {
            return name().toLowerCase();
        }
    }

    /** Status fields {@code app_state}, {@code app_pid}, {@code app_restarts}. */
    public record AppStatus(AppState state, Long pid, int restarts) {
    }

    /** What an app exiting during the commit window does to the boot state (the seam to the boot logic). */
    @FunctionalInterface
    public interface FailedBoot {
        void failed(String reason);
    }

    /** Waits between a crash and the restart; tests pass one that records and returns at once. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SupervisorSettings settings;
    private final SlotLayout slots;
    private final UpdateLifecycle lifecycle;
    private final PidFile pidFile;
    private final FailedBoot failedBoot;
    private final Sleeper sleeper;
    private final Consumer<String> lines;
    private final Backoff backoff;
    private AppProcess current;
    private boolean stopping;
    private int restarts;
    private Thread restarter;

    public AppSupervisor(SupervisorSettings settings, SlotLayout slots, UpdateLifecycle lifecycle, Path dataDir,
                         FailedBoot failedBoot, Clock clock, Sleeper sleeper, Consumer<String> lines) {
        this.settings = settings;
        this.slots = slots;
        this.lifecycle = lifecycle;
        this.pidFile = new PidFile(dataDir.resolve(io.camelota.boot.DataFolder.APP_PID));
        this.failedBoot = failedBoot;
        this.sleeper = sleeper;
        this.lines = lines;
        this.backoff = new Backoff(clock);
    }

    public static AppSupervisor create(SupervisorSettings settings, SlotLayout slots, UpdateLifecycle lifecycle,
                                       Path dataDir, FailedBoot failedBoot) {
        return new AppSupervisor(settings, slots, lifecycle, dataDir, failedBoot, Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()), AppProcess.AGENT_LOG);
    }

    public boolean supervising() {
        return settings.enabled();
    }

    /**
     * The boot route's step after the boot decision: no orphan of an earlier agent left, then the app on the
     * slot that decision picked (stopping an orphan can take {@code app.stop_timeout}; an install that
     * lands meanwhile does not change which slot this start runs).
     */
    public void startOnDecidedSlot() throws IOException {
        if (!settings.enabled()) {
            return;
        }
        stopOrphan(pidFile, settings.stopTimeout());
        synchronized (this) {
            if (!stopping && current == null) {
                launch();
            }
        }
    }

    /** An app recorded in {@code app.pid} that still runs is stopped: it belongs to an agent that was killed. */
    public static void stopOrphan(PidFile pidFile, Duration timeout) throws IOException {
        Optional<ProcessHandle> orphan = pidFile.orphan();
        if (orphan.isPresent()) {
            LOG.warn("app: pid {} is still running from before the agent's restart: stopping it (no second copy)",
                    orphan.get().pid());
            PidFile.stop(orphan.get(), timeout);
        }
        pidFile.clear();
    }

    private void launch() throws IOException {
        BootDecision d = lifecycle.decision();
        if (d == null) {
            throw new IllegalStateException("app: no boot decision yet: nothing may run");
        }
        int slot = d.slot();
        List<String> argv = CommandLine.expand(settings.command(), slots.appSlot(slot), slots.fsSlot(slot).orElse(null));
        AppProcess p = AppProcess.start(argv, settings, lines);
        current = p;
        pidFile.record(p.handle(), argv);
        backoff.started();
        LOG.info("app: started pid {} on slot {} ({}){}", p.pid(), slot,
                d.content() == null ? "?" : io.camelota.status.SafeText.of(d.content().version()), lifecycle.onTrial() ? ", on trial" : "");
        p.exit().thenAccept(code -> exited(p, code));
    }

    private synchronized void exited(AppProcess p, int code) {
        if (p != current || p.stopRequested() || stopping) {
            return;
        }
        if (lifecycle.onTrial()) {
            LOG.warn("app: pid {} exited with code {} during the commit window: failed boot", p.pid(), code);
            failedBoot.failed("App exited with code " + code + " during the commit window");
            return;
        }
        Duration wait = backoff.exited();
        LOG.warn("app: pid {} exited with code {}: restart #{} in {} s", p.pid(), code, restarts + 1, wait.toSeconds());
        restarter = new Thread(() -> restartAfter(p, wait), "app-restart");
        restarter.setDaemon(true);
        restarter.start();
    }

    private void restartAfter(AppProcess crashed, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (stopping || current != crashed) {
                return;
            }
            restarts++;
            try {
                launch();
            } catch (IOException e) {
                LOG.error("app: restart #{} failed: {}", restarts, e.getMessage());
            }
        }
    }

    /** The agent stops (or reboots): the app stops with it, SIGTERM then SIGKILL after app.stop_timeout. */
    public void stop() {
        AppProcess p;
        synchronized (this) {
            stopping = true;
            if (restarter != null) {
                restarter.interrupt();
            }
            p = current;
        }
        if (p != null) {
            if (p.alive()) {
                LOG.info("app: stopping pid {}", p.pid());
            }
            p.stop(settings.stopTimeout());
        }
        try {
            pidFile.clear();
        } catch (IOException e) {
            LOG.warn("app: cannot remove {}: {}", pidFile.file(), e.getMessage());
        }
    }

    /** Tests: this supervisor vanishes as with a kill -9 of the agent (its app keeps running, nothing reacts). */
    synchronized void abandon() {
        stopping = true;
    }

    /** For the health check at the end of the commit window: the app is still up. */
    public synchronized boolean appUp() {
        return current != null && current.alive();
    }

    public synchronized AppStatus status() {
        if (!settings.enabled()) {
            return new AppStatus(AppState.STOPPED, null, 0);
        }
        if (current == null) {
            return new AppStatus(AppState.STOPPED, null, restarts);
        }
        if (current.alive()) {
            return new AppStatus(lifecycle.onTrial() ? AppState.STARTING : AppState.RUNNING, current.pid(), restarts);
        }
        boolean onPurpose = stopping || current.stopRequested();
        return new AppStatus(onPurpose ? AppState.STOPPED : AppState.CRASHED, null, restarts);
    }
}
