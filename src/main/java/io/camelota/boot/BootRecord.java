package io.camelota.boot;

import java.io.IOException;

/**
 * Where the boot configuration lives: the whole {@link BootState}, read and written as one. The file
 * backend is a simulated bootloader for file slots; a U-Boot/GRUB backend implements the same two calls
 * by mapping the state onto RAUC's variables (see {@link BootState}: {@code BOOT_ORDER} from
 * active/revert slot, {@code BOOT_x_LEFT} = boot_attempts - boot_count, good/bad from is_committed and
 * rejected) and keeping what the environment cannot hold (slot contents) in a file beside it.
 *
 * <p>Contract: {@link #write} is atomic — a reader after a crash sees the old or the new state, never a
 * mix; {@link #read} validates and throws {@link BootStateException} for a state it cannot trust
 * (never returns a "repaired" one).
 */
public interface BootRecord {

    /** The current state; {@code null} when nothing has been written yet (factory-fresh device). */
    BootState read() throws IOException;

    void write(BootState state) throws IOException;
}
