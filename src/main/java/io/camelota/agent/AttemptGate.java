package io.camelota.agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.status.StatusBoard;

/**
 * "May an update attempt start now?" — one answer for the poll, GET /update?url= and POST /update.
 * An attempt waits (bounded) for this start's boot decision, which opens the gate only after its
 * status note is written (so no early attempt's status is overwritten by it); it needs committed
 * firmware (an uncommitted slot is still on trial); and it takes the single-flight guard. The
 * committed check runs inside the guard's compare-and-set, so an install that ended just before
 * cannot be followed by an attempt that saw the old, committed state.
 */
public final class AttemptGate {

    /** Why an attempt did or did not start. */
    public enum Verdict {
        STARTED("started"),
        NOT_BOOTED("the boot sequence has not run yet"),
        UNCOMMITTED("Previous update has not been committed yet"),
        BUSY("Update already in progress");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final StatusBoard board;
    private final BootControl boot;
    private final long bootWaitMillis;
    private final CountDownLatch bootDecided = new CountDownLatch(1);

    /** @param bootWaitMillis how long an attempt waits for the boot decision before giving up */
    public AttemptGate(StatusBoard board, BootControl boot, long bootWaitMillis) {
        this.board = board;
        this.boot = boot;
        this.bootWaitMillis = bootWaitMillis;
    }

    /** The boot sequence decided and reported (called once per start, after its status note). */
    public void bootDecided() {
        bootDecided.countDown();
    }

    /** Waits for the boot decision; false when it did not come within {@code millis}. */
    public boolean awaitBootDecision(long millis) throws InterruptedException {
        return bootDecided.await(millis, TimeUnit.MILLISECONDS);
    }

    public Verdict tryStart(String attemptId, String source) {
        try {
            if (!awaitBootDecision(bootWaitMillis)) {
                return Verdict.NOT_BOOTED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.NOT_BOOTED;
        }
        if (board.tryBegin(attemptId, source, boot::isCommitted)) {
            return Verdict.STARTED;
        }
        return boot.isCommitted() ? Verdict.BUSY : Verdict.UNCOMMITTED;
    }
}
