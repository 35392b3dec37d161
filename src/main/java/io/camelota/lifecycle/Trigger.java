package io.camelota.lifecycle;

/** What moves an update from one {@link Phase} to another. */
public enum Trigger {
    /** the boot decision: committed firmware (also the first start after a revert) */
    BOOTED_COMMITTED,
    /** the boot decision: a start of the uncommitted slot, one attempt consumed */
    BOOTED_TRIAL,
    /** the boot decision: the uncommitted slot had no attempts left and was rejected */
    BOOTED_ATTEMPTS_EXHAUSTED,
    /** a poll tick, POST /update?url= or direct:ota-check-for-update */
    CHECK,
    /** POST /update with a bundle */
    UPLOAD,
    /** a 200 whose manifest passed every check: the target is marked bad, the first byte follows */
    WRITE,
    /** 304, the same version, a deliberate refusal: nothing written, nothing to report as a fault */
    NOTHING_TO_DO,
    /** an error before the switch: the boot state did not change (the target stays out of the choice) */
    FAILED,
    /** every byte written, synced, read back and verified; the slot is primary for the next boot */
    VERIFIED,
    /** POST /update/commit, a healthy end of the window, or commit_timeout 0 */
    COMMIT,
    /** a commit or revert that could not be written: shown in the status, tried again */
    WRITE_FAILED,
    /** POST /update/revert, a failed health check, the app exiting in the window */
    REVERT
}
