package io.camelota.boot.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.KernelCmdline;
import io.camelota.boot.SlotContent;
import io.camelota.boot.SlotNames;

/**
 * A simulated A/B device for cycle tests: a real environment (file-backed U-Boot env or grubenv),
 * RAUC's boot script run step for step at every power-on, the kernel command line it writes, and the
 * agent's JSON state. Each {@link #agent()} is a fresh agent process on the running boot.
 */
final class EnvDevice {

    enum Kind { UBOOT, GRUB }

    static final SlotContent V10 = new SlotContent("app", "ubuntu", "1.0", "factory", null, null);
    static final SlotContent V11 = new SlotContent("app", "ubuntu", "1.1", "b11", "ab".repeat(32), 100L);
    static final int ATTEMPTS = 3;

    final Kind kind;
    final Path cmdline;
    final Path json;
    final PowerCut cut = new PowerCut();
    private final Path envPath;
    private final UbootScript uboot;
    private final GrubScript grub;

    EnvDevice(Kind kind, Path dir) throws Exception {
        this.kind = kind;
        this.cmdline = dir.resolve("cmdline");
        this.json = dir.resolve("data/boot-state.json");
        Files.createDirectories(json.getParent());
        if (kind == Kind.UBOOT) {
            BootTools.require("fw_setenv", "libubootenv-tool");
            envPath = BootTools.ubootEnv(dir, "bootcmd", "run bootscript");
            uboot = new UbootScript(envPath, cmdline, "A", "B");
            grub = null;
        } else {
            BootTools.require("grub-editenv", "grub-common");
            envPath = dir.resolve("grubenv");
            BootTools.run("grub-editenv", envPath.toString(), "create");
            // a factory image ships with slot A marked good
            BootTools.run("grub-editenv", envPath.toString(), "set", "A_OK=1", "A_TRY=0", "saved_entry=0");
            uboot = null;
            grub = new GrubScript(envPath, cmdline, "A", "B");
        }
    }

    /** The raw environment, without power cuts. */
    BootEnv env() {
        return kind == Kind.UBOOT ? new UbootEnv(envPath) : new GrubEnv(envPath);
    }

    /** What the bootloader's own tool prints now. */
    Map<String, String> vars() throws Exception {
        return EnvTool.parseLines(kind == Kind.UBOOT
                ? BootTools.run("fw_printenv", "-c", envPath.toString())
                : BootTools.run("grub-editenv", envPath.toString(), "list"));
    }

    /** Power-on: the boot script picks a slot and starts its kernel. */
    String powerOn() throws Exception {
        return kind == Kind.UBOOT ? uboot.boot() : grub.boot();
    }

    EnvScheme scheme() {
        return kind == Kind.UBOOT ? new EnvScheme.Uboot(SlotNames.DEFAULT) : new EnvScheme.Grub(SlotNames.DEFAULT);
    }

    /** A fresh agent process on the running system (its writes go through the power-cut counter). */
    BootControl agent() {
        EnvBootChooser chooser = new EnvBootChooser(cut.env(env()), scheme(), new KernelCmdline(cmdline, "rauc.slot"),
                SlotNames.DEFAULT);
        return new BootControl(cut.json(new BootStateFile(json)), chooser, V10, ATTEMPTS);
    }
}
