package io.camelota.agent;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.RevertReason;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;

/** The commit-or-rollback route's steps that touch the boot state. */
public final class BootSequence {

    private final BootControl boot;
    private final StatusBoard board;
    private final AttemptGate gate;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public BootSequence(BootControl boot, StatusBoard board, AttemptGate gate) {
        this.boot = boot;
        this.board = board;
        this.gate = gate;
    }

    /**
     * Runs the boot decision and tells the route what it found (variables ota_boot,
     * ota_commit_timeout[_ms]). Its status note is written before the attempt gate opens, so no
     * early poll or upload can have its status overwritten by it.
     */
    public void start(Exchange exchange) throws IOException {
        try {
            BootControl.BootOutcome outcome = boot.boot();
            BootState s = boot.state();
            exchange.setVariable("ota_boot", outcome.name().toLowerCase());
            exchange.setVariable("ota_commit_timeout", s.commitTimeout());
            exchange.setVariable("ota_commit_timeout_ms", s.commitTimeout() * 1000L);
            if (outcome == BootControl.BootOutcome.ATTEMPTS_EXHAUSTED || outcome == BootControl.BootOutcome.AFTER_REVERT) {
                board.note(UpdateState.ERROR, -1, boot.lastRevertReason());
            }
        } finally {
            gate.bootDecided();
        }
    }

    /**
     * The commit window: waits ota_commit_timeout_ms, or less when the agent stops meanwhile (a
     * reboot or a stop must not wait out the window: graceful shutdown would stall on this
     * in-flight exchange). Sets ota_window_elapsed; false means "stopping: decide nothing", so
     * the next start tries the slot again (one more attempt used), as after a kill.
     */
    public void awaitWindow(Exchange exchange) throws InterruptedException {
        long ms = exchange.getVariable("ota_commit_timeout_ms", 0L, Long.class);
        exchange.setVariable("ota_window_elapsed", !stopping.await(ms, TimeUnit.MILLISECONDS));
    }

    /** The agent is stopping: ends a running commit window at once, without a decision. */
    public void stopping() {
        stopping.countDown();
    }

    public void commit() throws IOException {
        if (boot.commit()) {
            board.note(UpdateState.SUCCESS, 1, "Update committed");
        }
    }

    /**
     * The window ended without a commit and the health check failed: revert. Sets ota_reverted — the
     * route reboots only when this revert happened (a commit may have raced in: then nothing to do).
     */
    public void rollback(Exchange exchange) throws IOException {
        boolean reverted = boot.revert(RevertReason.HEALTH_CHECK_FAILED);
        exchange.setVariable("ota_reverted", reverted);
        if (reverted) {
            board.note(UpdateState.ERROR, -1, RevertReason.HEALTH_CHECK_FAILED.text());
        }
    }
}
