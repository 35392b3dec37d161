package io.camelota.lifecycle;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootControl.BootOutcome;
import io.camelota.boot.BootState;
import io.camelota.boot.RevertReason;
import io.camelota.boot.SlotContent;
import io.camelota.status.SafeText;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of an update's lifecycle: every transition — the boot decision, a poll, a pull, an upload,
 * the first byte to a slot, the verified switch, the commit window, a health verdict, {@code
 * /update/commit}, {@code /update/revert} — goes through here and is checked against {@link
 * LifecycleTable}. Commit and revert are written once, here, with their status notes; one gate ("the boot
 * decision is made") holds back every attempt until this start's decision is on storage. A commit or
 * revert that cannot be written is an error in the status and is tried again ({@link WriteRetry}).
 *
 * <p>No Camel here: the routes call one method per decision (see {@code routes/commit-or-rollback.yaml}).
 */
public final class UpdateLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateLifecycle.class);

    private final BootControl boot;
    private final StatusBoard board;
    private final long bootWaitMillis;
    private final CountDownLatch decided = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final WriteRetry retry;
    private Phase phase = Phase.BOOTING;
    private BootDecision decision;
    /** an explicit commit whose write failed: the window's end commits (with retries) whatever the health check says */
    private boolean commitRequested;

    /**
     * @param bootWaitMillis      how long an attempt waits for the boot decision before giving up
     * @param firstRetryMillis    the first wait before a failed commit or revert write is tried again
     */
    public UpdateLifecycle(BootControl boot, StatusBoard board, long bootWaitMillis, long firstRetryMillis) {
        this.boot = boot;
        this.board = board;
        this.bootWaitMillis = bootWaitMillis;
        this.retry = new WriteRetry(firstRetryMillis, stopping);
    }

    /**
     * A lifecycle for a device whose boot decision was made elsewhere (a host's own route calling flash:,
     * tests): the phase follows the boot state as it stands.
     */
    public static UpdateLifecycle forBootedDevice(BootControl boot, StatusBoard board) {
        UpdateLifecycle l = new UpdateLifecycle(boot, board, 0, 1000);
        BootState s = boot.state();
        l.phase = s.committed() ? Phase.IDLE : Phase.TRIAL;
        l.decision = new BootDecision(s.committed() ? BootOutcome.NORMAL : BootOutcome.TRIAL, s.activeSlot(),
                s.activeContent(), !s.committed(), s.bootCount(), s.bootAttempts(), s.commitTimeout());
        l.decided.countDown();
        return l;
    }

    public BootControl bootControl() {
        return boot;
    }

    // ---- the boot decision -------------------------------------------------------------------------

    /**
     * This start's boot decision, written before anything of the slot runs. Its status note is written
     * before the gate opens, so no early attempt's status is overwritten by it.
     */
    public BootDecision boot() throws IOException {
        try {
            BootOutcome outcome = boot.boot();
            BootState s = boot.state();
            boolean trial = outcome == BootOutcome.TRIAL;
            BootDecision d = new BootDecision(outcome, s.activeSlot(), s.activeContent(), trial, s.bootCount(),
                    s.bootAttempts(), s.commitTimeout());
            if (outcome == BootOutcome.ATTEMPTS_EXHAUSTED || outcome == BootOutcome.AFTER_REVERT) {
                board.note(UpdateState.ERROR, -1, boot.lastRevertReason());
            }
            synchronized (this) {
                decision = d;
                move(trial ? Trigger.BOOTED_TRIAL : outcome == BootOutcome.ATTEMPTS_EXHAUSTED
                        ? Trigger.BOOTED_ATTEMPTS_EXHAUSTED : Trigger.BOOTED_COMMITTED);
            }
            return d;
        } finally {
            decided.countDown();
        }
    }

    /** {@link #boot()} for the boot route: true when this start's slot is on trial (a commit window follows). */
    public boolean bootForTrial() throws IOException {
        return boot().trial();
    }

    /** The decision this start made, or null before it. */
    public synchronized BootDecision decision() {
        return decision;
    }

    /** Waits (bounded) for this start's boot decision; false when it did not come in time. */
    public boolean awaitBootDecision(long millis) throws InterruptedException {
        return decided.await(millis, TimeUnit.MILLISECONDS);
    }

    /** True once this start's boot decision is on storage (readiness). */
    public boolean bootDecided() {
        return decided.getCount() == 0;
    }

    // ---- attempts: poll, pull, upload --------------------------------------------------------------

    /**
     * "May an update attempt start now?" — one answer for the poll, POST /update?url= and POST /update.
     * Waits (bounded) for the boot decision; needs committed firmware (a slot on trial or an install
     * waiting for its reboot must be decided first); takes the status board's single-flight guard. The
     * committed check runs inside the guard's compare-and-set, so an install that ended just before cannot
     * be followed by an attempt that saw the old state.
     */
    public StartVerdict tryStart(String attemptId, String source, boolean upload) {
        try {
            if (!decided.await(bootWaitMillis, TimeUnit.MILLISECONDS)) {
                return StartVerdict.NOT_BOOTED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StartVerdict.NOT_BOOTED;
        }
        Trigger trigger = upload ? Trigger.UPLOAD : Trigger.CHECK;
        synchronized (this) {
            if (LifecycleTable.next(phase, trigger).isEmpty()) {
                // an install waiting for its reboot, a slot on trial, or an attempt already running
                return phase == Phase.CHECKING || phase == Phase.DOWNLOADING ? StartVerdict.BUSY
                        : StartVerdict.UNCOMMITTED;
            }
        }
        if (board.tryBegin(attemptId, source, boot::isCommitted)) {
            synchronized (this) {
                move(trigger);
            }
            return StartVerdict.STARTED;
        }
        return boot.isCommitted() ? StartVerdict.BUSY : StartVerdict.UNCOMMITTED;
    }

    /**
     * The install is about to write {@code slot} (every check of the manifest passed): the slot leaves the
     * bootloader's choice before its first byte.
     */
    public synchronized void writing(int slot) throws IOException {
        allowed(Trigger.WRITE);
        boot.beginWrite(slot);
        move(Trigger.WRITE);
    }

    /** Every byte is written, synced and verified: the one write that makes the slot the next boot. */
    public synchronized void installed(int slot, SlotContent content, int commitTimeoutSeconds) throws IOException {
        allowed(Trigger.VERIFIED);
        boot.installed(slot, content, commitTimeoutSeconds);
        move(Trigger.VERIFIED);
    }

    /** The attempt ended (whatever its outcome): the guard is released and the phase follows the outcome. */
    public void attemptEnded(String attemptId) {
        boolean held = board.holds(attemptId);
        board.end(attemptId);
        synchronized (this) {
            if (held && (phase == Phase.CHECKING || phase == Phase.DOWNLOADING)) {
                move(board.current().state() == UpdateState.ERROR ? Trigger.FAILED : Trigger.NOTHING_TO_DO);
            }
        }
    }

    // ---- the commit window -------------------------------------------------------------------------

    /**
     * Waits out the trial slot's commit window, or less when the agent stops meanwhile (a reboot or a stop
     * must not wait it out). True when the window elapsed: a verdict is due; false = stopping, decide
     * nothing (the next start tries the slot again, one more attempt used, as after a kill).
     */
    public boolean awaitCommitWindow() throws InterruptedException {
        BootDecision d = decision();
        if (d == null || !d.trial()) {
            return false;
        }
        LOG.info("lifecycle: commit window {} s for slot {} ({}), attempt {} of {}", d.commitTimeoutSeconds(), d.slot(),
                d.content() == null ? "?" : SafeText.of(d.content().version()), d.attempt(), d.attempts());
        return !stopping.await(d.commitTimeoutSeconds() * 1000L, TimeUnit.MILLISECONDS);
    }

    /** Whether the end of the window needs the health check: still on trial, no commit requested. */
    public synchronized boolean verdictNeedsHealthCheck() {
        return phase == Phase.TRIAL && !commitRequested && decision.commitTimeoutSeconds() > 0;
    }

    /**
     * The verdict at the end of the window: commit when healthy (or committed on request, or with
     * commit_timeout 0), revert otherwise. Both are written with retries until on storage or the agent
     * stops. True when a reboot must follow (a revert happened).
     */
    public boolean windowVerdict(boolean healthy) throws InterruptedException {
        boolean commit;
        synchronized (this) {
            if (phase != Phase.TRIAL) {
                return false;  // committed or reverted during the window
            }
            commit = healthy || commitRequested || decision.commitTimeoutSeconds() == 0;
        }
        if (commit) {
            retry.untilWritten(() -> commitNow() ? Boolean.TRUE : Boolean.FALSE, (e, next) -> writeFailed("commit", e, next));
            return false;
        }
        Boolean reverted = retry.untilWritten(() -> revertNow(RevertReason.HEALTH_CHECK_FAILED),
                (e, next) -> writeFailed("revert", e, next));
        return Boolean.TRUE.equals(reverted);
    }

    /**
     * {@code POST /update/commit}: true when the trial slot is now committed. A write that fails is an
     * error in the status and is not lost: the window's end commits, with retries.
     */
    public boolean commit() throws IOException {
        try {
            return commitNow();
        } catch (IOException e) {
            synchronized (this) {
                commitRequested = true;
            }
            writeFailed("commit", e, -1);
            throw e;
        }
    }

    /** {@code POST /update/revert}: true when the trial slot was rejected (the caller reboots). */
    public boolean revert() throws IOException {
        try {
            return revertNow(RevertReason.EXPLICIT);
        } catch (IOException e) {
            writeFailed("revert", e, -1);
            throw e;
        }
    }

    /**
     * The supervised app exited during its trial: a failed boot. No verdict here: the reboot that follows
     * uses the slot's next attempt, or reverts when none is left.
     */
    public void trialAppExited(String reason) {
        board.note(UpdateState.ERROR, -1, reason);
    }

    /** Whether the slot this start runs is still on trial (the supervisor's "is an exit a failed boot?"). */
    public synchronized boolean onTrial() {
        return phase == Phase.TRIAL;
    }

    /** The agent is stopping: ends a running commit window and any retry at once, without a decision. */
    public void stopping() {
        stopping.countDown();
    }

    public synchronized Phase phase() {
        return phase;
    }

    /** The state in words for the server's log and the status: "committed", "trial 2/3", "installed", … */
    public synchronized String describe() {
        return switch (phase) {
            case TRIAL -> "trial " + decision.attempt() + "/" + decision.attempts();
            case INSTALLED -> "installed";
            case REVERTED -> "reverted";
            case CHECKING, DOWNLOADING -> phase.name().toLowerCase();
            case BOOTING -> "booting";
            default -> "committed";
        };
    }

    private synchronized boolean commitNow() throws IOException {
        if (LifecycleTable.next(phase, Trigger.COMMIT).isEmpty() || !boot.commit()) {
            return false;
        }
        commitRequested = false;
        move(Trigger.COMMIT);
        board.note(UpdateState.SUCCESS, 1, "Update committed");
        return true;
    }

    private synchronized boolean revertNow(RevertReason reason) throws IOException {
        if (LifecycleTable.next(phase, Trigger.REVERT).isEmpty() || !boot.revert(reason)) {
            return false;
        }
        move(Trigger.REVERT);
        board.note(UpdateState.ERROR, -1, reason.text());
        return true;
    }

    private synchronized void writeFailed(String what, IOException e, long nextTryMillis) {
        String msg = "Cannot save the " + what + ": " + SafeText.of(String.valueOf(e.getMessage()), 200)
                + (nextTryMillis >= 0 ? " (retrying in " + nextTryMillis / 1000.0 + " s)" : "");
        LOG.error("lifecycle: {}", msg);
        board.note(UpdateState.ERROR, -1, msg);
        if (phase == Phase.TRIAL) {
            move(Trigger.WRITE_FAILED);
        }
    }

    /** Checked before a write: a transition the table refuses writes nothing. */
    private void allowed(Trigger trigger) {
        if (LifecycleTable.next(phase, trigger).isEmpty()) {
            throw new IllegalStateException("lifecycle: no transition from " + phase + " on " + trigger);
        }
    }

    /** The one place a phase changes: a transition the table does not list is a bug, never silently taken. */
    private void move(Trigger trigger) {
        Phase next = LifecycleTable.next(phase, trigger).orElseThrow(() -> new IllegalStateException(
                "lifecycle: no transition from " + phase + " on " + trigger));
        if (next != phase) {
            LOG.debug("lifecycle: {} --{}--> {}", phase, trigger, next);
        }
        phase = next;
    }
}
