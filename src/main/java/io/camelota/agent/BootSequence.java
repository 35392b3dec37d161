package io.camelota.agent;

import java.io.IOException;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;

/** The commit-or-rollback route's steps that touch the boot state. */
public final class BootSequence {

    private final BootControl boot;
    private final StatusBoard board;

    public BootSequence(BootControl boot, StatusBoard board) {
        this.boot = boot;
        this.board = board;
    }

    /** Runs the boot decision and tells the route what it found (variables ota_boot, ota_commit_timeout[_ms]). */
    public void start(Exchange exchange) throws IOException {
        BootControl.BootOutcome outcome = boot.boot();
        BootState s = boot.state();
        exchange.setVariable("ota_boot", outcome.name().toLowerCase());
        exchange.setVariable("ota_commit_timeout", s.commitTimeout());
        exchange.setVariable("ota_commit_timeout_ms", s.commitTimeout() * 1000L);
        if (outcome == BootControl.BootOutcome.REVERTED_UNCOMMITTED) {
            board.note(UpdateState.ERROR, -1, "Update not committed, reverted");
        }
    }

    public void commit() throws IOException {
        if (boot.commit()) {
            board.note(UpdateState.SUCCESS, 1, "Update committed");
        }
    }

    public void rollback() throws IOException {
        if (boot.revert()) {
            board.note(UpdateState.ERROR, -1, "Update commit timeout expired");
        }
    }
}
