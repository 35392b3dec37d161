package io.camelota.app;

import io.camelota.boot.BootControl;

/**
 * The boot model's keys: {@code boot.attempts}, starts a newly installed slot is granted
 * before it must be committed (U-Boot's bootlimit, RAUC's BOOT_x_LEFT); {@code boot.reboot_uri}, where
 * boot.reboot_mode=route sends the reboot request so that a host application decides.
 */
public record BootSettings(int attempts, String rebootUri) {

    static BootSettings from(ConfigValues c) {
        return new BootSettings(c.integer("boot.attempts", BootControl.DEFAULT_ATTEMPTS, 1), c.string("boot.reboot_uri", ""));
    }
}
