package io.camelota.boot;

import java.nio.file.Path;

import io.camelota.http.HttpValidators;
import io.camelota.slot.SlotWriter;

/**
 * Run by {@link AgentStartTest} as its own JVM under {@code umask 000}: creates what the agent creates in
 * its data folder, through the same code (start-up check, boot state, validators, a slot image), so the
 * test can look at the modes a real process got.
 */
public final class UmaskProbe {

    private UmaskProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        DataFolder.prepare(data, data.resolve("boot-state.json"));
        new BootStateFile(data.resolve("boot-state.json"))
                .write(BootState.factory(new SlotContent("app", "ubuntu", "1.0", "f", null, null)));
        new HttpValidators(data.resolve("http-validators.json"), null)
                .remember("http://127.0.0.1/fw.zip", new HttpValidators.Validators("\"e1\"", null, "1.0", "f"));
        try (SlotWriter w = new SlotWriter(data.resolve("slots/slot1.img"), 1 << 20, 3L)) {
            w.write(new byte[] {1, 2, 3}, 0, 3);
            w.finish(null, SlotWriter.ReadBack.OFF);
        }
    }
}
