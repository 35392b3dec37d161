package io.camelota.boot;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The persisted boot configuration (protocol §6.1) plus what each slot holds. The boot model is
 * U-Boot's bootcount / RAUC's {@code BOOT_x_LEFT}; a bootloader backend maps it as follows:
 * <pre>
 *   active_slot, revert_slot          BOOT_ORDER = "&lt;active&gt; &lt;revert&gt;"   (RAUC: primary slot)
 *   is_committed                      slot state good (true) / not yet marked (false)
 *   boot_attempts - boot_count        BOOT_&lt;active&gt;_LEFT                 (U-Boot: bootlimit - bootcount)
 *   after a revert: rejected          the reverted slot is marked bad   (BOOT_&lt;x&gt;_LEFT=0)
 * </pre>
 *
 * @param activeSlot    slot used at next boot (0 or 1)
 * @param revertSlot    slot used when the active one is rejected (0 or 1; equals activeSlot once committed)
 * @param committed     whether the active slot is confirmed good
 * @param commitTimeout seconds the new firmware has after its start to be committed (0 = at once)
 * @param bootAttempts  starts an uncommitted slot is granted (boot.attempts at install); 0 when committed,
 *                      or in a state written before attempts existed (then boot.attempts applies)
 * @param bootCount     starts of the uncommitted slot so far, each recorded before the slot runs
 * @param rejected      the firmware that was last reverted away from, so status can still name it
 * @param slots         slot index -> content
 * @param revertReason  why the last revert happened, until the next start reports it in the status
 *                      (the status board does not survive the reboot that follows a revert)
 * @param writingSlot   the slot an install is writing (marked bad in the bootloader before its first byte,
 *                      its old content forgotten); null once a verified install made it primary
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootState(
        @JsonProperty("active_slot") int activeSlot,
        @JsonProperty("revert_slot") int revertSlot,
        @JsonProperty("is_committed") boolean committed,
        @JsonProperty("commit_timeout") int commitTimeout,
        @JsonProperty("boot_attempts") int bootAttempts,
        @JsonProperty("boot_count") int bootCount,
        @JsonProperty("rejected") SlotContent rejected,
        @JsonProperty("slots") Map<Integer, SlotContent> slots,
        @JsonProperty("revert_reason") String revertReason,
        @JsonProperty("writing_slot") Integer writingSlot) {

    public BootState {
        slots = slots == null ? Map.of() : Map.copyOf(new TreeMap<>(slots));
    }

    public static BootState factory(SlotContent factoryFirmware) {
        return new BootState(0, 0, true, 0, 0, 0, null, Map.of(0, factoryFirmware), null, null);
    }

    public SlotContent activeContent() {
        return slots.get(activeSlot);
    }

    public int inactiveSlot() {
        return activeSlot == 0 ? 1 : 0;
    }

    /** Starts left for the uncommitted active slot (RAUC's BOOT_x_LEFT); 0 when committed. */
    public int attemptsLeft() {
        return committed ? 0 : Math.max(0, bootAttempts - bootCount);
    }

    /** True once the uncommitted active slot has been started at least once (an attempt consumed). */
    public boolean started() {
        return !committed && bootCount > 0;
    }

    /** After a verified install: boot the new slot next, uncommitted, {@code attempts} starts granted. */
    public BootState installed(int slot, SlotContent content, int commitTimeoutSeconds, int attempts) {
        Map<Integer, SlotContent> next = new TreeMap<>(slots);
        next.put(slot, content);
        return new BootState(slot, activeSlot, false, commitTimeoutSeconds, attempts, 0, rejected, next, null, null);
    }

    /** One start of the uncommitted slot consumed (written before that slot runs). */
    public BootState withAttemptConsumed() {
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, bootAttempts, bootCount + 1, rejected,
                slots, revertReason, writingSlot);
    }

    /** A state written before boot attempts existed is granted {@code attempts} (its count stays). */
    public BootState withAttemptsIfUnset(int attempts) {
        if (committed || bootAttempts > 0) {
            return this;
        }
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, attempts, bootCount, rejected, slots,
                revertReason, writingSlot);
    }

    public BootState withCommitTimeout(int seconds) {
        return new BootState(activeSlot, revertSlot, committed, seconds, bootAttempts, bootCount, rejected, slots,
                revertReason, writingSlot);
    }

    public BootState commit() {
        return new BootState(activeSlot, activeSlot, true, 0, 0, 0, rejected, slots, null, writingSlot);
    }

    /** A revert whose reason the next start puts in the status (null: none). */
    public BootState revert(String reason) {
        return new BootState(revertSlot, revertSlot, true, 0, 0, 0, activeContent(), slots, reason, null);
    }

    /** The reason has been reported. */
    public BootState withoutRevertReason() {
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, bootAttempts, bootCount, rejected, slots,
                null, writingSlot);
    }

    /**
     * An install begins writing {@code slot}: what it held is forgotten (it is being overwritten) and the
     * slot is recorded as being written until a verified install makes it primary.
     */
    public BootState writing(int slot) {
        Map<Integer, SlotContent> next = new TreeMap<>(slots);
        next.remove(slot);
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, bootAttempts, bootCount, rejected, next,
                revertReason, slot);
    }

    /** The bootloader booted {@code slot} and the agent follows it: committed there, no attempt counting. */
    public BootState following(int slot, Map<Integer, SlotContent> withSlots, String reason) {
        return new BootState(slot, slot, true, 0, 0, 0, rejected, withSlots, reason,
                writingSlot != null && writingSlot == slot ? null : writingSlot);
    }

    /** The uncommitted slot as the bootloader counts it: {@code used} of {@code granted} tries. */
    public BootState countedByBootloader(int granted, int used) {
        return new BootState(activeSlot, revertSlot, false, commitTimeout, granted, used, rejected, slots, revertReason,
                writingSlot);
    }
}
