package io.camelota.agent;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
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
            if (outcome == BootControl.BootOutcome.REVERTED_UNCOMMITTED) {
                board.note(UpdateState.ERROR, -1, "Update not committed, reverted");
            } else if (outcome == BootControl.BootOutcome.AFTER_REVERT) {
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
     * the next start finds the tombstone and reverts, as after a kill.
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
     * Reverts at the end of an unhealthy window. Sets ota_reverted: only a revert that happened
     * reboots (an explicit commit may have raced in after the health check: then nothing changed).
     */
    public void rollback(Exchange exchange) throws IOException {
        boolean reverted = boot.revert("Update commit timeout expired");
        if (reverted) {
            board.note(UpdateState.ERROR, -1, "Update commit timeout expired");
        }
        exchange.setVariable("ota_reverted", reverted);
    }
}
