package io.camelota.lifecycle;

import io.camelota.boot.BootControl.BootOutcome;
import io.camelota.boot.SlotContent;

/**
 * What this start's boot decision said, fixed once written: the slot to run (whatever an install does to
 * the boot state afterwards: a new slot runs only after the next decision), whether it is on trial, and
 * the commit window it has.
 */
public record BootDecision(BootOutcome outcome, int slot, SlotContent content, boolean trial, int attempt,
        int attempts, int commitTimeoutSeconds) {
}
