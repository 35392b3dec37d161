package io.camelota.lifecycle;

/** Whether an update attempt (poll, pull, upload) may begin now, and if not, why. */
public enum StartVerdict {
    STARTED("started"),
    NOT_BOOTED("the boot sequence has not run yet"),
    UNCOMMITTED("Previous update has not been committed yet"),
    BUSY("Update already in progress");

    private final String reason;

    StartVerdict(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
