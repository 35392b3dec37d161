package io.camelota.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.camelota.boot.BootControl;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;

/**
 * An app that exits during its commit window is a failed boot: the update is reverted and the
 * supervisor "reboots" (the agent restarts in process, the boot decision runs, the app starts on the
 * previous slot). This is the one place that decides what a failed boot does to the boot state.
 */
public final class CommitWindowFailure implements AppSupervisor.FailedBoot {

    private final BootControl boot;
    private final StatusBoard board;
    private final Runnable reboot;

    public CommitWindowFailure(BootControl boot, StatusBoard board, Runnable reboot) {
        this.boot = boot;
        this.board = board;
        this.reboot = reboot;
    }

    @Override
    public void failed(String reason) {
        try {
            if (boot.revert(reason)) {
                board.note(UpdateState.ERROR, -1, reason);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reboot.run();
    }
}
