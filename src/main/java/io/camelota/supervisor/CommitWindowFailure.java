package io.camelota.supervisor;

import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;

/**
 * An app that exits during its commit window is a failed boot. With boot attempts (issue 11 §2) the
 * verdict is not made here: the supervisor "reboots" (the agent restarts in process) and the boot
 * decision uses the slot's next attempt, or reverts when none is left; the app then starts on
 * whichever slot that decision picked. This is the one place that decides what a failed boot does.
 */
public final class CommitWindowFailure implements AppSupervisor.FailedBoot {

    private final StatusBoard board;
    private final Runnable reboot;

    public CommitWindowFailure(StatusBoard board, Runnable reboot) {
        this.board = board;
        this.reboot = reboot;
    }

    @Override
    public void failed(String reason) {
        board.note(UpdateState.ERROR, -1, reason);
        reboot.run();
    }
}
