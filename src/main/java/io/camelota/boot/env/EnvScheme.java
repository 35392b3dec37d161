package io.camelota.boot.env;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelota.boot.SlotNames;

/**
 * How the agent's boot model maps onto a bootloader's variables (RAUC's names). Each method returns
 * the variables to set in ONE {@link BootEnv#apply}; the boot script reads them at the next power-on.
 */
public interface EnvScheme {

    /** A verified install: {@code slot} boots next, with {@code attempts} tries before the bootloader falls back. */
    Map<String, String> installed(int slot, int attempts);

    /** {@code slot} is good: on commit, and at every start of a committed slot (the script counts boots down). */
    Map<String, String> good(int slot, int attempts);

    /** {@code bad} was rejected: it must not boot again; {@code good} boots. */
    Map<String, String> reverted(int bad, int good);

    /** The slot the boot script tries first (its ORDER / BOOT_ORDER), or -1 when it names neither. */
    int primary(Map<String, String> env);

    /** Tries the bootloader still grants {@code slot} after the boot that is running now. */
    int attemptsLeft(Map<String, String> env, int slot);

    /** Only the changes that differ from {@code env}: a start that finds everything in place writes nothing. */
    static Map<String, String> changed(Map<String, String> env, Map<String, String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!java.util.Objects.equals(env.get(k), v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The first name in a space-separated order that is one of the two slots. */
    static int firstSlot(SlotNames names, String order) {
        if (order == null) {
            return -1;
        }
        for (String n : order.trim().split("\\s+")) {
            int i = names.index(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * U-Boot, as RAUC's uboot backend and boot scripts: {@code BOOT_ORDER="B A"}, {@code BOOT_B_LEFT} counts
     * the tries left; the script decrements it at each boot and skips a slot at 0. Counts are written in
     * hex, as RAUC writes them and U-Boot's setexpr prints them (the same digits up to 9).
     */
    record Uboot(SlotNames names) implements EnvScheme {

        @Override
        public Map<String, String> installed(int slot, int attempts) {
            return Map.of("BOOT_ORDER", names.order(slot), left(slot), Integer.toHexString(attempts));
        }

        @Override
        public Map<String, String> good(int slot, int attempts) {
            return Map.of(left(slot), Integer.toHexString(attempts));
        }

        @Override
        public Map<String, String> reverted(int bad, int good) {
            return Map.of(left(bad), "0", "BOOT_ORDER", names.order(good));
        }

        @Override
        public int primary(Map<String, String> env) {
            return firstSlot(names, env.getOrDefault("BOOT_ORDER", names.order(0)));  // the script's default
        }

        @Override
        public int attemptsLeft(Map<String, String> env, int slot) {
            String v = env.get(left(slot));
            if (v == null || v.isBlank()) {
                return 3;  // the script's default for a missing count
            }
            try {
                return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(v.trim().replaceFirst("^0[xX]", ""), 16));
            } catch (NumberFormatException e) {
                return 0;  // U-Boot's test reads garbage as 0: the slot is skipped
            }
        }

        private String left(int slot) {
            return "BOOT_" + names.name(slot) + "_LEFT";
        }
    }

    /**
     * GRUB, as RAUC's grub backend and grub.cfg: {@code ORDER="B A"}, {@code B_OK=1} marks a slot bootable,
     * {@code B_TRY=1} is set by GRUB when it boots B and skips B until the booted system clears it. So a
     * new slot gets exactly one try whatever boot.attempts says (grub.cfg has no counter).
     */
    record Grub(SlotNames names) implements EnvScheme {

        @Override
        public Map<String, String> installed(int slot, int attempts) {
            return Map.of("ORDER", names.order(slot), ok(slot), "1", tried(slot), "0");
        }

        @Override
        public Map<String, String> good(int slot, int attempts) {
            return Map.of(ok(slot), "1", tried(slot), "0");
        }

        @Override
        public Map<String, String> reverted(int bad, int good) {
            return Map.of(ok(bad), "0", tried(bad), "0", "ORDER", names.order(good));
        }

        @Override
        public int primary(Map<String, String> env) {
            return firstSlot(names, env.getOrDefault("ORDER", names.order(0)));
        }

        @Override
        public int attemptsLeft(Map<String, String> env, int slot) {
            return "1".equals(env.get(ok(slot))) && !"1".equals(env.get(tried(slot))) ? 1 : 0;
        }

        private String ok(int slot) {
            return names.name(slot) + "_OK";
        }

        private String tried(int slot) {
            return names.name(slot) + "_TRY";
        }
    }
}
