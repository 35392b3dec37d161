package io.camelota.boot;

import java.io.IOException;

/**
 * Where the boot configuration lives. The file backend is a simulated bootloader for file slots;
 * a U-Boot/GRUB environment backend would implement the same two calls with fw_setenv/grub-editenv.
 * Writes must be atomic: a reader after a crash sees the old or the new state, never a mix.
 */
public interface Bootloader {

    /** The current state; {@code null} when nothing has been written yet (factory-fresh device). */
    BootState read() throws IOException;

    void write(BootState state) throws IOException;
}
