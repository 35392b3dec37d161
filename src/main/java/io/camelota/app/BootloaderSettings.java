package io.camelota.app;

import java.nio.file.Files;
import java.nio.file.Path;

import io.camelota.boot.BootChooser;
import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.KernelCmdline;
import io.camelota.boot.SlotContent;
import io.camelota.boot.SlotNames;
import io.camelota.boot.env.EnvBootChooser;
import io.camelota.boot.env.EnvScheme;
import io.camelota.boot.env.GrubEnv;
import io.camelota.boot.env.UbootEnv;

/**
 * Which bootloader decides what boots: {@code boot.backend}, the slot names the boot script
 * uses, where its environment lives, and where the booted slot can be read.
 *
 * @param backend     file (the agent's JSON only: tests, demo, supervisor) · uboot · grub
 * @param slotNames   boot.slot_names: the bootloader's names of slot 0 and 1
 * @param ubootConfig boot.uboot.config: the fw_env.config for fw_printenv / fw_setenv
 * @param grubEnv     boot.grub.env: the grubenv file
 * @param ubootDefaultEnv boot.uboot.default_env: libubootenv's default environment file (fw_printenv/fw_setenv
 *                    {@code -f}), used when the environment is blank or corrupt; null = libubootenv's own
 *                    (/etc/u-boot-initial-env)
 * @param cmdline     boot.cmdline + boot.cmdline_key: where the booted slot is named
 */
public record BootloaderSettings(Backend backend, SlotNames slotNames, Path ubootConfig, Path grubEnv,
        KernelCmdline cmdline, Path ubootDefaultEnv) {

    public enum Backend { FILE, UBOOT, GRUB }

    static BootloaderSettings from(ConfigValues c) {
        Backend backend = c.choice("boot.backend", Backend.FILE, Backend.class);
        SlotNames names;
        try {
            names = SlotNames.parse(c.string("boot.slot_names", "A,B"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("boot.slot_names: " + e.getMessage());
        }
        Path uboot = Path.of(c.string("boot.uboot.config", "/etc/fw_env.config"));
        Path grub = Path.of(c.string("boot.grub.env", "/boot/grub/grubenv"));
        KernelCmdline cmdline;
        try {
            cmdline = new KernelCmdline(Path.of(c.string("boot.cmdline", "/proc/cmdline")),
                    c.string("boot.cmdline_key", "rauc.slot"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("boot.cmdline_key: " + e.getMessage());
        }
        // A missing file is a setup error a person must fix: say so at start, not at the first install.
        if (backend == Backend.UBOOT && !Files.isReadable(uboot)) {
            throw new IllegalArgumentException("boot.uboot.config: " + uboot + " is not a readable file");
        }
        if (backend == Backend.GRUB && !Files.isDirectory(grub.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("boot.grub.env: folder of " + grub + " does not exist");
        }
        if (backend != Backend.FILE && !Files.isReadable(cmdline.file())) {
            throw new IllegalArgumentException("boot.cmdline: " + cmdline.file() + " is not readable");
        }
        String defaultEnv = c.string("boot.uboot.default_env", null);
        Path ubootDefault = defaultEnv == null ? null : Path.of(defaultEnv);
        if (backend == Backend.UBOOT && ubootDefault != null && !Files.isReadable(ubootDefault)) {
            throw new IllegalArgumentException("boot.uboot.default_env: " + ubootDefault + " is not a readable file");
        }
        return new BootloaderSettings(backend, names, uboot, grub, cmdline, ubootDefault);
    }

    /**
     * The boot control of this device, the one factory for the agent, the library in a host and {@code
     * launch}: the JSON record ({@code stateFile}) and, with a real bootloader, its environment.
     */
    public BootControl bootControl(Path stateFile, SlotContent factoryFirmware, int attempts) {
        return new BootControl(new BootStateFile(stateFile), chooser(), factoryFirmware, attempts);
    }

    /** What decides the boot: the agent itself (file), or the U-Boot / GRUB environment. */
    public BootChooser chooser() {
        return switch (backend) {
            case FILE -> BootChooser.AGENT;
            case UBOOT -> new EnvBootChooser(new UbootEnv(ubootConfig, ubootDefaultEnv), new EnvScheme.Uboot(slotNames), cmdline, slotNames);
            case GRUB -> new EnvBootChooser(new GrubEnv(grubEnv), new EnvScheme.Grub(slotNames), cmdline, slotNames);
        };
    }
}
