package io.camelota.boot.env;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.camelota.boot.BootState;
import io.camelota.boot.Bootloader;
import io.camelota.boot.KernelCmdline;
import io.camelota.boot.SlotContent;
import io.camelota.boot.SlotNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real bootloader (U-Boot or GRUB) behind the agent's boot model. The environment alone decides what
 * boots; the JSON boot state keeps what the environment cannot (what each slot holds, versions, the
 * rejected version, the revert reason) and what the agent expects to have booted. Which slot really
 * booted comes from the kernel command line.
 *
 * <p>Writes ({@link #write}) recognise the model's transitions and map them onto the environment. Only
 * the install writes the JSON first; every other step writes the environment first, so that after a
 * cut between the two the bootloader never boots a slot the JSON has already given up:
 * <ul>
 *   <li>install: JSON, then the switch (a cut between: the bootloader never heard of the update, the
 *       next start voids it);</li>
 *   <li>commit: the slot marked good, then JSON (a cut between: the slot boots again uncommitted and its
 *       commit window runs again);</li>
 *   <li>revert (health check, explicit): the old slot made primary, then JSON (a cut between: the old
 *       slot boots, the next start finds the switch undone and voids the install without a verdict).</li>
 * </ul>
 * Reads ({@link #read}) reconcile the JSON with what booted, see {@link #reconcile}.
 */
public final class EnvBootloader implements Bootloader {

    private static final Logger LOG = LoggerFactory.getLogger(EnvBootloader.class);

    private final Bootloader json;
    private final BootEnv env;
    private final EnvScheme scheme;
    private final KernelCmdline cmdline;
    private final SlotNames names;
    private final int attempts;
    private BootState current;

    /**
     * @param json     the agent's own state (a {@link io.camelota.boot.FileBootloader})
     * @param attempts boot.attempts: the tries a good slot is given back at every start
     */
    public EnvBootloader(Bootloader json, BootEnv env, EnvScheme scheme, KernelCmdline cmdline, SlotNames names,
            int attempts) {
        this.json = json;
        this.env = env;
        this.scheme = scheme;
        this.cmdline = cmdline;
        this.names = names;
        this.attempts = attempts;
    }

    @Override
    public synchronized BootState read() throws IOException {
        current = reconcile(json.read());
        return current;
    }

    @Override
    public synchronized void write(BootState next) throws IOException {
        BootState prev = current;
        if (isInstall(prev, next)) {
            json.write(next);
            try {
                env.apply(scheme.installed(next.activeSlot(), Math.max(1, next.bootAttempts())));
            } catch (IOException e) {
                if (prev != null) {
                    json.write(prev);  // the tool refused: the bootloader did not take it, neither does the agent
                }
                throw e;
            }
        } else if (prev != null && !prev.committed() && next.committed() && next.activeSlot() == prev.activeSlot()) {
            env.apply(changed(scheme.good(next.activeSlot(), attempts)));
            json.write(next);
        } else if (prev != null && !prev.committed() && next.committed()) {
            env.apply(changed(merge(scheme.reverted(prev.activeSlot(), next.activeSlot()),
                    scheme.good(next.activeSlot(), attempts))));
            json.write(next);
        } else {
            json.write(next);
        }
        current = next;
    }

    /**
     * What this start finds, made consistent (idempotent: every read may run it):
     * <ul>
     *   <li>committed and booted as expected: the booted slot's tries are restored (the script counts every
     *       boot down, so without this a device that just reboots a few times would run out on a good slot)
     *       and the environment's order made to name it first;</li>
     *   <li>uncommitted and the new slot booted: the bootloader has used a try; the state's count follows the
     *       environment's (the agent never counts on top of the bootloader);</li>
     *   <li>uncommitted and the old slot booted while the environment still prefers the new one: the
     *       bootloader fell back, the tries ran out — a revert that rejects the version;</li>
     *   <li>uncommitted and the old slot booted, the environment preferring the old one: the switch never
     *       reached the bootloader (or a revert reached only it): the install is void, no verdict;</li>
     *   <li>committed but another slot booted (environment reset, edited by hand): the environment decided;
     *       the agent follows it and says so.</li>
     * </ul>
     */
    BootState reconcile(BootState stored) throws IOException {
        int booted = bootedSlot();
        Map<String, String> vars = env.read();
        if (stored == null) {
            // factory-fresh: the agent records the factory state (slot 0, committed); give slot 0 its tries
            if (booted == 0) {
                apply(vars, merge(scheme.good(0, attempts), primary(vars, 0)));
            }
            return null;
        }
        if (stored.committed()) {
            if (booted == stored.activeSlot()) {
                Map<String, String> want = new LinkedHashMap<>(scheme.good(booted, attempts));
                if (scheme.primary(vars) != booted) {
                    want.putAll(scheme.reverted(1 - booted, booted));
                }
                apply(vars, want);
                return stored;
            }
            String reason = "bootloader booted " + names.name(booted) + " instead of " + names.name(stored.activeSlot());
            LOG.warn("boot: {}: following the bootloader", reason);
            BootState adopted = new BootState(booted, booted, true, 0, 0, 0, stored.rejected(), withContent(stored, booted),
                    reason);
            json.write(adopted);
            apply(vars, merge(scheme.good(booted, attempts), primary(vars, booted)));
            return adopted;
        }
        if (booted == stored.activeSlot()) {
            int granted = Math.max(stored.bootAttempts(), attempts);
            int left = scheme.attemptsLeft(vars, booted);
            return new BootState(stored.activeSlot(), stored.revertSlot(), false, stored.commitTimeout(), granted,
                    Math.max(0, granted - left - 1), stored.rejected(), stored.slots(), stored.revertReason());
        }
        if (scheme.primary(vars) == stored.activeSlot()) {
            BootState next = stored.revert("bootloader fell back to " + names.name(booted));
            LOG.warn("boot: slot {} used its tries without a commit: {}", names.name(stored.activeSlot()),
                    next.revertReason());
            // environment first: with GRUB, a JSON-only revert could let a rescue boot clear B_TRY and boot B again
            apply(vars, merge(scheme.reverted(stored.activeSlot(), booted), scheme.good(booted, attempts)));
            json.write(next);
            return next;
        }
        LOG.warn("boot: the switch to slot {} never reached the bootloader (power cut?): slot {} stays, no verdict",
                names.name(stored.activeSlot()), names.name(booted));
        BootState voided = new BootState(booted, booted, true, 0, 0, 0, stored.rejected(), stored.slots(), null);
        json.write(voided);
        apply(vars, scheme.good(booted, attempts));
        return voided;
    }

    /** The slots with {@code slot}'s content known: a slot the agent never wrote holds something it cannot name. */
    private static Map<Integer, SlotContent> withContent(BootState s, int slot) {
        if (s.slots().containsKey(slot)) {
            return s.slots();
        }
        Map<Integer, SlotContent> m = new java.util.TreeMap<>(s.slots());
        SlotContent other = s.slots().get(1 - slot);
        m.put(slot, new SlotContent(other == null ? null : other.name(), other == null ? null : other.platform(),
                "unknown", null, null, null));
        return m;
    }

    private int bootedSlot() throws IOException {
        String name = cmdline.bootedSlot().orElseThrow(() -> new IOException(cmdline.file() + " names no slot ("
                + cmdline.key() + "=…): the boot script must pass it on the kernel command line"));
        int i = names.index(name);
        if (i < 0) {
            throw new IOException("booted slot '" + name + "' is neither " + names.slot0() + " nor " + names.slot1()
                    + " (boot.slot_names): not updating from a rescue or unknown slot");
        }
        return i;
    }

    private static boolean isInstall(BootState prev, BootState next) {
        return !next.committed() && next.bootCount() == 0
                && (prev == null || prev.committed() || !Objects.equals(prev.activeContent(), next.activeContent()));
    }

    private Map<String, String> primary(Map<String, String> vars, int slot) {
        return scheme.primary(vars) == slot ? Map.of() : scheme.reverted(1 - slot, slot);
    }

    private Map<String, String> changed(Map<String, String> wanted) throws IOException {
        return EnvScheme.changed(env.read(), wanted);
    }

    private void apply(Map<String, String> vars, Map<String, String> wanted) throws IOException {
        env.apply(EnvScheme.changed(vars, wanted));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }
}
