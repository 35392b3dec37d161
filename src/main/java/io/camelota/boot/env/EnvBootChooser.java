package io.camelota.boot.env;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;

import io.camelota.boot.BootChooser;
import io.camelota.boot.KernelCmdline;
import io.camelota.boot.SlotNames;

/**
 * The bootchooser verbs on a real bootloader's environment (U-Boot or GRUB, see {@link EnvScheme}); the
 * booted slot comes from the kernel command line the boot script wrote. Every verb reads the environment,
 * computes its variables and writes only what differs, in one {@link BootEnv#apply}.
 */
public final class EnvBootChooser implements BootChooser {

    private final BootEnv env;
    private final EnvScheme scheme;
    private final KernelCmdline cmdline;
    private final SlotNames names;

    public EnvBootChooser(BootEnv env, EnvScheme scheme, KernelCmdline cmdline, SlotNames names) {
        this.env = env;
        this.scheme = scheme;
        this.cmdline = cmdline;
        this.names = names;
    }

    @Override
    public int primary() throws IOException {
        return scheme.primary(env.read());
    }

    @Override
    public OptionalInt bootedSlot() throws IOException {
        String name = cmdline.bootedSlot().orElseThrow(() -> new IOException(cmdline.file() + " names no slot ("
                + cmdline.key() + "=…): the boot script must pass it on the kernel command line"));
        int i = names.index(name);
        if (i < 0) {
            throw new IOException("booted slot '" + name + "' is neither " + names.slot0() + " nor " + names.slot1()
                    + " (boot.slot_names): not updating from a rescue or unknown slot");
        }
        return OptionalInt.of(i);
    }

    @Override
    public int attemptsLeft(int slot) throws IOException {
        return scheme.attemptsLeft(env.read(), slot);
    }

    @Override
    public void setPrimary(int slot, int attempts) throws IOException {
        Map<String, String> vars = env.read();
        env.apply(EnvScheme.changed(vars, scheme.setPrimary(vars, slot, attempts)));
    }

    @Override
    public void markGood(int slot, int attempts) throws IOException {
        env.apply(EnvScheme.changed(env.read(), scheme.markGood(slot, attempts)));
    }

    @Override
    public void markBad(int slot) throws IOException {
        Map<String, String> vars = env.read();
        env.apply(EnvScheme.changed(vars, scheme.markBad(vars, slot)));
    }

    @Override
    public void reject(int bad, int good, int attempts) throws IOException {
        Map<String, String> vars = env.read();
        Map<String, String> wanted = new java.util.LinkedHashMap<>(scheme.markBad(vars, bad));
        Map<String, String> after = new java.util.HashMap<>(vars);
        after.putAll(wanted);
        wanted.putAll(scheme.setPrimary(after, good, attempts));
        env.apply(EnvScheme.changed(vars, wanted));
    }

    @Override
    public String slotName(int slot) {
        return names.name(slot);
    }

    @Override
    public String toString() {
        return scheme.getClass().getSimpleName() + " environment";
    }
}
