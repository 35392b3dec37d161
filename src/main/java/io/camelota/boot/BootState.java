package io.camelota.boot;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The persisted boot configuration (protocol §6.1) plus what each slot holds.
 *
 * @param activeSlot      slot used at next boot
 * @param revertSlot      slot used on an explicit or implicit revert
 * @param committed       whether the active slot is confirmed
 * @param commitTimeout   seconds the new firmware has after its first boot to be committed (0 = at once)
 * @param firstBootTried  set at the first boot of an uncommitted slot, before anything else runs: a start
 *                        that finds it set means the agent died before committing, so it reverts
 *                        (the original's "tombstone", protocol §6.2)
 * @param rejected        the firmware that was last reverted away from, so status can still name it
 * @param slots           slot index -> content
 * @param revertReason    why the last revert happened, until the next start reports it in the status
 *                        (the status board does not survive the reboot that follows a revert)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootState(
        @JsonProperty("active_slot") int activeSlot,
        @JsonProperty("revert_slot") int revertSlot,
        @JsonProperty("is_committed") boolean committed,
        @JsonProperty("commit_timeout") int commitTimeout,
        @JsonProperty("first_boot_tried") boolean firstBootTried,
        @JsonProperty("rejected") SlotContent rejected,
        @JsonProperty("slots") Map<Integer, SlotContent> slots,
        @JsonProperty("revert_reason") String revertReason) {

    public BootState {
        slots = slots == null ? Map.of() : Map.copyOf(new TreeMap<>(slots));
    }

    public static BootState factory(SlotContent factoryFirmware) {
        return new BootState(0, 0, true, 0, false, null, Map.of(0, factoryFirmware), null);
    }

    public SlotContent activeContent() {
        return slots.get(activeSlot);
    }

    public int inactiveSlot() {
        return activeSlot == 0 ? 1 : 0;
    }

    /** After a verified install: boot the new slot next, uncommitted, with the old one to fall back to. */
    public BootState installed(int slot, SlotContent content, int commitTimeoutSeconds) {
        Map<Integer, SlotContent> next = new TreeMap<>(slots);
        next.put(slot, content);
        return new BootState(slot, activeSlot, false, commitTimeoutSeconds, false, rejected, next, null);
    }

    public BootState withFirstBootTried() {
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, true, rejected, slots, revertReason);
    }

    public BootState withCommitTimeout(int seconds) {
        return new BootState(activeSlot, revertSlot, committed, seconds, firstBootTried, rejected, slots, revertReason);
    }

    public BootState commit() {
        return new BootState(activeSlot, activeSlot, true, 0, false, rejected, slots, null);
    }

    public BootState revert() {
        return revert(null);
    }

    /** A revert whose reason the next start puts in the status (null: none). */
    public BootState revert(String reason) {
        return new BootState(revertSlot, revertSlot, true, 0, false, activeContent(), slots, reason);
    }

    /** The reason has been reported. */
    public BootState withoutRevertReason() {
        return new BootState(activeSlot, revertSlot, committed, commitTimeout, firstBootTried, rejected, slots, null);
    }
}
