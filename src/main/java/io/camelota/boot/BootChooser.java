package io.camelota.boot;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * What the bootloader will boot, spoken in RAUC's bootchooser verbs ({@code src/bootchooser.c}). Each verb
 * is one all-or-nothing write (or none when the bootloader already says so); reads never write.
 *
 * <p>Two kinds exist: a real bootloader's environment (U-Boot, GRUB: {@code io.camelota.boot.env}), and
 * {@link #AGENT}, where the agent itself is the bootloader (the file backend, supervisor mode, the
 * demo): there the boot record alone decides and every verb has nothing to write.
 */
public interface BootChooser {

    /** The slot the bootloader tries first at the next power-on, or -1 when it names neither. */
    int primary() throws IOException;

    /** The slot running now as the bootloader reports it (kernel command line); empty when the agent decides. */
    OptionalInt bootedSlot() throws IOException;

    /** Tries the bootloader still grants {@code slot} after the boot that is running now. */
    int attemptsLeft(int slot) throws IOException;

    /** {@code slot} boots first from the next power-on, with {@code attempts} tries; the others keep their places. */
    void setPrimary(int slot, int attempts) throws IOException;

    /** {@code slot} is good: its tries are restored (at a commit, and at every start of a committed slot). */
    void markGood(int slot, int attempts) throws IOException;

    /**
     * {@code slot} must not boot: no tries and out of the boot order, in one write. Used before the first
     * byte is written to a slot and when a version is rejected, so a half-written or rejected slot is
     * never a fallback.
     */
    void markBad(int slot) throws IOException;

    /**
     * {@code bad} is rejected and {@code good} boots, as ONE write where the bootloader allows it: with two
     * (mark bad, then set primary) a cut between could leave GRUB with no slot it may try.
     */
    default void reject(int bad, int good, int attempts) throws IOException {
        markBad(bad);
        setPrimary(good, attempts);
    }

    /** The slot's name as the bootloader spells it, for messages. */
    default String slotName(int slot) {
        return Integer.toString(slot);
    }

    /** The agent is the bootloader: the boot record decides, there is nothing else to write. */
    BootChooser AGENT = new BootChooser() {
        @Override
        public int primary() {
            return -1;
        }

        @Override
        public OptionalInt bootedSlot() {
            return OptionalInt.empty();
        }

        @Override
        public int attemptsLeft(int slot) {
            return 0;
        }

        @Override
        public void setPrimary(int slot, int attempts) {
        }

        @Override
        public void markGood(int slot, int attempts) {
        }

        @Override
        public void markBad(int slot) {
        }

        @Override
        public String toString() {
            return "the agent's boot record";
        }
    };
}
