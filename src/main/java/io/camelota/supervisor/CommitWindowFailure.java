package io.camelota.supervisor;

import io.camelota.lifecycle.UpdateLifecycle;

/**
 * An app that exits during its commit window is a failed boot. The verdict is not made here: the
 * supervisor "reboots" (the agent restarts in process) and the boot decision uses the slot's next
 * attempt, or reverts when none is left; the app then starts on whichever slot that decision picked.
 */
public final class CommitWindowFailure implements AppSupervisor.FailedBoot {

    private final UpdateLifecycle lifecycle;
    private final Runnable reboot;

    public CommitWindowFailure(UpdateLifecycle lifecycle, Runnable reboot) {
        this.lifecycle = lifecycle;
        this.reboot = reboot;
    }

    @Override
    public void failed(String reason) {
        lifecycle.trialAppExited(reason);
        reboot.run();
    }
}
