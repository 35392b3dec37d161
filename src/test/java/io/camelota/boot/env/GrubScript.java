package io.camelota.boot.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What RAUC's grub.cfg (contrib/grub.conf) does at every power-on, on a real grubenv through
 * grub-editenv (GRUB's save_env writes the same block):
 * <ol>
 * <li>defaults ORDER="A B", A_OK=0, B_OK=0, A_TRY=0, B_TRY=0, then {@code load_env} overrides them;</li>
 * <li>walk ORDER: every slot visited gets x_TRY=1; the first with x_OK=1 and (its old) x_TRY=0 boots;</li>
 * <li>none: the TRY flag of every OK slot is cleared (so the next power-on tries again) and the
 *     rescue entry boots ({@code rauc.slot=R});</li>
 * <li>{@code save_env A_TRY A_OK B_TRY B_OK ORDER}, then the chosen entry's kernel with {@code rauc.slot=X}.</li>
 * </ol>
 * So GRUB gives an uncommitted slot exactly one try: B_TRY stays 1 until the booted system clears it.
 */
public final class GrubScript {

    public static final String RESCUE = "R";

    private final Path grubenv;
    private final Path cmdline;
    private final List<String> slots;

    public GrubScript(Path grubenv, Path cmdline, String slotA, String slotB) {
        this.grubenv = grubenv;
        this.cmdline = cmdline;
        this.slots = List.of(slotA, slotB);
    }

    public String boot() throws IOException, InterruptedException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ORDER", String.join(" ", slots));
        for (String s : slots) {
            vars.put(s + "_OK", "0");
            vars.put(s + "_TRY", "0");
        }
        if (Files.exists(grubenv)) {
            vars.putAll(EnvTool.parseLines(BootTools.run("grub-editenv", grubenv.toString(), "list")));
        }
        String chosen = null;
        for (String s : vars.get("ORDER").trim().split("\\s+")) {
            if (!slots.contains(s)) {
                continue;
            }
            String ok = vars.get(s + "_OK");
            String tryFlag = vars.get(s + "_TRY");
            vars.put(s + "_TRY", "1");
            if ("1".equals(ok) && "0".equals(tryFlag)) {
                chosen = s;
                break;
            }
        }
        if (chosen == null) {
            for (String s : slots) {
                if ("1".equals(vars.get(s + "_OK")) && "1".equals(vars.get(s + "_TRY"))) {
                    vars.put(s + "_TRY", "0");
                }
            }
        }
        List<String> save = new ArrayList<>(List.of("grub-editenv", grubenv.toString(), "set"));
        for (String s : slots) {
            save.add(s + "_TRY=" + vars.get(s + "_TRY"));
            save.add(s + "_OK=" + vars.get(s + "_OK"));
        }
        save.add("ORDER=" + vars.get("ORDER"));
        if (!Files.exists(grubenv)) {
            BootTools.run("grub-editenv", grubenv.toString(), "create");
        }
        BootTools.run(save.toArray(String[]::new));
        String booted = chosen == null ? RESCUE : chosen;
        Files.writeString(cmdline, "console=ttyS0,115200 net.ifnames=0 panic=60 quiet rauc.slot=" + booted + "\n");
        return booted;
    }
}
