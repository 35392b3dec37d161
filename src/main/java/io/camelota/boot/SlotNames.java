package io.camelota.boot;

import java.util.List;

/**
 * The bootloader's names for slot 0 and slot 1 ({@code boot.slot_names}, default {@code A,B}): they
 * appear in variable names ({@code BOOT_B_LEFT}, {@code B_OK}) and on the kernel command line
 * ({@code rauc.slot=B}), so they must match the boot script exactly.
 */
public record SlotNames(String slot0, String slot1) {

    public static final SlotNames DEFAULT = new SlotNames("A", "B");

    public SlotNames {
        for (String n : new String[] {slot0, slot1}) {
            if (n == null || !n.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("slot names are letters, digits or _, got '" + n + "'");
            }
        }
        if (slot0.equals(slot1)) {
            throw new IllegalArgumentException("the two slot names must differ, got " + slot0 + " twice");
        }
    }

    /** Parses "A,B". */
    public static SlotNames parse(String csv) {
        List<String> parts = List.of(csv.split(",", -1));
        if (parts.size() != 2) {
            throw new IllegalArgumentException("two slot names separated by a comma, got '" + csv + "'");
        }
        return new SlotNames(parts.get(0).trim(), parts.get(1).trim());
    }

    public String name(int slot) {
        return switch (slot) {
            case 0 -> slot0;
            case 1 -> slot1;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }

    /** The slot index of a name; -1 when it is neither (e.g. a rescue slot "R"). */
    public int index(String name) {
        return slot0.equals(name) ? 0 : slot1.equals(name) ? 1 : -1;
    }

    /** "B A": the order that boots {@code first} and falls back to the other. */
    public String order(int first) {
        return name(first) + " " + name(1 - first);
    }
}
