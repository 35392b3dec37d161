package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.BootStateFile;
import io.camelota.boot.SlotContent;
import io.camelota.boot.env.BootTools;
import io.camelota.boot.env.UbootEnv;
import io.camelota.supervisor.HelloSlots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camel-ota launch} with {@code boot.backend=uboot}: the launcher decides with the bootloader the
 * agent inside the application uses. Here U-Boot has already fallen back from the new slot B (its tries
 * ran out) and booted A: the launcher must follow the bootloader (revert, reject 1.1, run A), not start B
 * from the JSON record alone.
 */
class LaunchBackendTest {

    private static final SlotContent FACTORY = new SlotContent("camel-ota", "ubuntu", "1.0",
            "20261101-000000/factory", null, null);

    @TempDir
    Path tmp;

    private Process launcher;

    @AfterEach
    void cleanUp() {
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void theLauncherFollowsTheConfiguredBootloader() throws Exception {
        BootTools.require("fw_setenv", "libubootenv-tool");
        Path data = tmp.resolve("data");
        HelloSlots.write(data.resolve("slot0.img"), "1.0", "serve");
        HelloSlots.write(data.resolve("slot1.img"), "1.1", "serve");
        BootControl record = new BootControl(new BootStateFile(data.resolve("boot-state.json")), FACTORY);
        record.boot();
        record.beginWrite(1);
        record.installed(1, new SlotContent("camel-ota", "ubuntu", "1.1", "b", null, null), 30);
        Path config = BootTools.ubootEnv(tmp);
        new UbootEnv(config).apply(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "0"));
        Path cmdline = tmp.resolve("cmdline");
        Files.writeString(cmdline, "root=/dev/mmcblk0p2 rauc.slot=A\n");

        Path log = tmp.resolve("launcher.log");
        launcher = HelloSlots.startOtaMain("-Xmx64m", Map.of("ota.data_dir", data.toString(),
                "app.command", HelloSlots.command(), "app.workdir", tmp.toString(), "device.mac", "0A1B2C3D4E5F",
                "boot.backend", "uboot", "boot.uboot.config", config.toString(), "boot.cmdline", cmdline.toString()),
                log, "launch");
        await().atMost(Duration.ofSeconds(60)).until(() -> HelloSlots.read(log).contains("[app] hello from"));

        assertThat(HelloSlots.read(log)).contains("[app] hello from 1.0").doesNotContain("hello from 1.1");
        BootState s = new BootStateFile(data.resolve("boot-state.json")).read();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        assertThat(s.rejected().version()).isEqualTo("1.1");
        assertThat(new UbootEnv(config).read()).as("B out of the order: never booted again")
                .containsEntry("BOOT_ORDER", "A").containsEntry("BOOT_B_LEFT", "0");
    }
}
