package io.camelota.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.camelota.boot.SlotNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** boot.backend and its keys: defaults, and a bad value stops startup naming the key. */
class BootloaderSettingsTest {

    @TempDir
    Path dir;

    private static BootloaderSettings settings(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return BootloaderSettings.from(new ConfigValues(k -> Optional.ofNullable(m.get(k))));
    }

    @Test
    void defaultsAreTheFileBackendAndRaucsNames() {
        BootloaderSettings s = settings();
        assertThat(s.backend()).isEqualTo(BootloaderSettings.Backend.FILE);
        assertThat(s.slotNames()).isEqualTo(SlotNames.DEFAULT);
        assertThat(s.ubootConfig()).isEqualTo(Path.of("/etc/fw_env.config"));
        assertThat(s.grubEnv()).isEqualTo(Path.of("/boot/grub/grubenv"));
        assertThat(s.cmdline().file()).isEqualTo(Path.of("/proc/cmdline"));
        assertThat(s.cmdline().key()).isEqualTo("rauc.slot");
    }

    @Test
    void theUbootAndGrubBackendsNeedTheirFiles() throws Exception {
        Path config = Files.writeString(dir.resolve("fw_env.config"), "/dev/null 0x0 0x4000\n");
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "rauc.slot=A\n");
        BootloaderSettings s = settings("boot.backend", "uboot", "boot.uboot.config", config.toString(),
                "boot.cmdline", cmdline.toString(), "boot.cmdline_key", "ota.slot", "boot.slot_names", "system0,system1");
        assertThat(s.backend()).isEqualTo(BootloaderSettings.Backend.UBOOT);
        assertThat(s.slotNames().name(1)).isEqualTo("system1");
        assertThat(s.cmdline().key()).isEqualTo("ota.slot");

        assertThatThrownBy(() -> settings("boot.backend", "uboot", "boot.uboot.config", dir.resolve("nope").toString(),
                "boot.cmdline", cmdline.toString())).hasMessageStartingWith("boot.uboot.config: ");
        assertThatThrownBy(() -> settings("boot.backend", "grub", "boot.grub.env", dir.resolve("no/grubenv").toString(),
                "boot.cmdline", cmdline.toString())).hasMessageStartingWith("boot.grub.env: ");
        assertThatThrownBy(() -> settings("boot.backend", "grub", "boot.grub.env", dir.resolve("grubenv").toString(),
                "boot.cmdline", dir.resolve("nope").toString())).hasMessageStartingWith("boot.cmdline: ");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings("boot.backend", "barebox")).hasMessageStartingWith("boot.backend: must be one of");
        assertThatThrownBy(() -> settings("boot.slot_names", "A")).hasMessageStartingWith("boot.slot_names: ");
        assertThatThrownBy(() -> settings("boot.slot_names", "A,A")).hasMessageStartingWith("boot.slot_names: ");
        assertThatThrownBy(() -> settings("boot.cmdline_key", "rauc.slot=")).hasMessageStartingWith("boot.cmdline_key: ");
    }
}
