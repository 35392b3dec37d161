package io.camelota.lifecycle;

/** Where an update stands on this device; {@link LifecycleTable} says how one phase leads to the next. */
public enum Phase {
    /** the agent started; the boot decision has not been made yet: no attempt may begin */
    BOOTING,
    /** committed firmware runs; nothing in flight */
    IDLE,
    /** a poll or pull asks the update server */
    CHECKING,
    /** a bundle streams into the inactive slot, which is out of the bootloader's choice */
    DOWNLOADING,
    /** the slot is written, verified and primary for the next boot: a reboot is pending */
    INSTALLED,
    /** the new slot runs uncommitted (attempt n of N): the commit window decides */
    TRIAL,
    /** the trial slot was committed */
    COMMITTED,
    /** the trial slot was rejected and the previous slot is primary again: a reboot is pending */
    REVERTED,
    /** the last attempt failed (nothing changed on the device); the next one may begin */
    ERROR
}
