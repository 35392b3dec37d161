package io.camelota.boot.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelota.boot.SlotNames;

/**
 * How the bootchooser verbs map onto a bootloader's variables (RAUC's names). Each method returns the
 * variables to set in ONE {@link BootEnv#apply}, computed from the environment as it is now; the boot
 * script reads them at the next power-on.
 */
public interface EnvScheme {

    /** {@code slot} first in the boot order (the others keep their order), with {@code attempts} tries. */
    Map<String, String> setPrimary(Map<String, String> env, int slot, int attempts);

    /** {@code slot} is good: its tries restored; the order is left alone. */
    Map<String, String> markGood(int slot, int attempts);

    /** {@code slot} must not boot: no tries, and out of the boot order. */
    Map<String, String> markBad(Map<String, String> env, int slot);

    /** The slot the boot script tries first, or -1 when it names neither. */
    int primary(Map<String, String> env);

    /** Tries the bootloader still grants {@code slot} after the boot that is running now. */
    int attemptsLeft(Map<String, String> env, int slot);

    /** Only the changes that differ from {@code env}: a verb that finds everything in place writes nothing. */
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
     * An order with {@code slot} moved to the front ({@code first}) or removed: names the agent does not
     * know (a rescue slot) keep their places, so a hand-made order is not destroyed.
     */
    static String reorder(String order, String name, boolean first) {
        List<String> names = new ArrayList<>();
        for (String n : order.trim().split("\\s+")) {
            if (!n.isEmpty() && !n.equals(name)) {
                names.add(n);
            }
        }
        if (first) {
            names.add(0, name);
        }
        return String.join(" ", names);
    }

    /**
     * U-Boot, as RAUC's uboot backend and boot scripts: {@code BOOT_ORDER="B A"}, {@code BOOT_B_LEFT} counts
     * the tries left; the script walks BOOT_ORDER only, decrements the count at each boot and skips a slot
     * at 0 (when none is left it resets the counts of the slots in the order, so a slot out of the order
     * never boots). Counts are written in hex, as RAUC writes them and U-Boot's setexpr prints them.
     */
    record Uboot(SlotNames names) implements EnvScheme {

        @Override
        public Map<String, String> setPrimary(Map<String, String> env, int slot, int attempts) {
            return Map.of("BOOT_ORDER", reorder(order(env), names.name(slot), true), left(slot),
                    Integer.toHexString(attempts));
        }

        @Override
        public Map<String, String> markGood(int slot, int attempts) {
            return Map.of(left(slot), Integer.toHexString(attempts));
        }

        @Override
        public Map<String, String> markBad(Map<String, String> env, int slot) {
            return Map.of(left(slot), "0", "BOOT_ORDER", reorder(order(env), names.name(slot), false));
        }

        @Override
        public int primary(Map<String, String> env) {
            return firstSlot(names, order(env));
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

        /** The script's default when BOOT_ORDER is unset. */
        private String order(Map<String, String> env) {
            String o = env.get("BOOT_ORDER");
            return o == null || o.isBlank() ? names.order(0) : o;
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
        public Map<String, String> setPrimary(Map<String, String> env, int slot, int attempts) {
            return Map.of("ORDER", reorder(order(env), names.name(slot), true), ok(slot), "1", tried(slot), "0");
        }

        @Override
        public Map<String, String> markGood(int slot, int attempts) {
            return Map.of(ok(slot), "1", tried(slot), "0");
        }

        @Override
        public Map<String, String> markBad(Map<String, String> env, int slot) {
            return Map.of(ok(slot), "0", tried(slot), "0", "ORDER", reorder(order(env), names.name(slot), false));
        }

        @Override
        public int primary(Map<String, String> env) {
            return firstSlot(names, order(env));
        }

        @Override
        public int attemptsLeft(Map<String, String> env, int slot) {
            return "1".equals(env.get(ok(slot))) && !"1".equals(env.get(tried(slot))) ? 1 : 0;
        }

        private String order(Map<String, String> env) {
            String o = env.get("ORDER");
            return o == null || o.isBlank() ? names.order(0) : o;
        }

        private String ok(int slot) {
            return names.name(slot) + "_OK";
        }

        private String tried(int slot) {
            return names.name(slot) + "_TRY";
        }
    }
}
