package io.camelota.boot.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What RAUC's U-Boot boot script does at every power-on (contrib/uboot.sh, meta-rauc-community's
 * boot.cmd), step for step, on a real environment through libubootenv's tools (U-Boot's saveenv writes
 * the same CRC'd image):
 * <ol>
 * <li>missing BOOT_ORDER / BOOT_A_LEFT / BOOT_B_LEFT get the defaults "A B", 3, 3;</li>
 * <li>walk BOOT_ORDER; the first known slot whose BOOT_x_LEFT (read as hex: {@code 0x${BOOT_x_LEFT}})
 *     is above 0 is chosen and its count decremented (setexpr prints hex);</li>
 * <li>none: both counts back to 3, saveenv, reset (the board starts over);</li>
 * <li>saveenv, then the kernel starts with {@code root=… rauc.slot=X} on its command line.</li>
 * </ol>
 */
public final class UbootScript {

    private final Path config;
    private final Path cmdline;
    private final List<String> slots;
    private int resets;

    public UbootScript(Path config, Path cmdline, String slotA, String slotB) {
        this.config = config;
        this.cmdline = cmdline;
        this.slots = List.of(slotA, slotB);
    }

    /** One power-on: returns the slot the kernel was started from (its cmdline is written). */
    public String boot() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Map<String, String> env = EnvTool.parseLines(BootTools.run("fw_printenv", "-c", config.toString()));
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("BOOT_ORDER", orDefault(env, "BOOT_ORDER", String.join(" ", slots)));
            for (String s : slots) {
                vars.put(left(s), orDefault(env, left(s), "3"));
            }
            String chosen = null;
            for (String s : vars.get("BOOT_ORDER").trim().split("\\s+")) {
                if (chosen == null && slots.contains(s)) {
                    long n = Long.parseLong(vars.get(left(s)), 16);
                    if (n > 0) {
                        vars.put(left(s), Long.toHexString(n - 1));
                        chosen = s;
                    }
                }
            }
            if (chosen == null) {
                for (String s : slots) {
                    vars.put(left(s), "3");
                }
                saveenv(vars);
                resets++;
                continue;  // "reset": the board runs the script again
            }
            saveenv(vars);
            Files.writeString(cmdline, "console=ttyS0,115200 root=/dev/mmcblk0p" + (slots.indexOf(chosen) + 2)
                    + " rootfstype=ext4 rauc.slot=" + chosen + "\n");
            return chosen;
        }
        throw new IllegalStateException("no bootable slot even after resetting the counts");
    }

    /** How many times the script found no slot with attempts left and reset the board. */
    public int resets() {
        return resets;
    }

    private void saveenv(Map<String, String> vars) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("fw_setenv", "-c", config.toString()));
        vars.forEach((k, v) -> {
            cmd.add(k);
            cmd.add(v);
        });
        BootTools.run(cmd.toArray(String[]::new));
    }

    private static String left(String slot) {
        return "BOOT_" + slot + "_LEFT";
    }

    private static String orDefault(Map<String, String> env, String key, String dflt) {
        String v = env.get(key);
        return v == null || v.isEmpty() ? dflt : v;
    }
}
