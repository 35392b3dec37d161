package io.camelota.boot.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Interop with libubootenv's own tools on a file-backed, redundant environment. */
class UbootEnvTest {

    @TempDir
    Path dir;
    Path config;
    UbootEnv env;

    @BeforeEach
    void environment() throws Exception {
        BootTools.require("fw_printenv", "libubootenv-tool");
        BootTools.require("fw_setenv", "libubootenv-tool");
        config = BootTools.ubootEnv(dir, "bootcmd", "run distro_bootcmd", "bootdelay", "2");
        env = new UbootEnv(config);
    }

    @Test
    void whatTheAgentWritesIsWhatFwPrintenvPrints() throws Exception {
        env.apply(Map.of("BOOT_ORDER", "B A", "BOOT_B_LEFT", "3"));

        assertThat(BootTools.run("fw_printenv", "-c", config.toString()).lines())
                .contains("BOOT_ORDER=B A", "BOOT_B_LEFT=3")
                .as("variables the agent did not touch survive")
                .contains("bootcmd=run distro_bootcmd", "bootdelay=2");
        assertThat(BootTools.run("fw_printenv", "-c", config.toString(), "-n", "BOOT_ORDER")).isEqualTo("B A\n");
    }

    @Test
    void theAgentReadsWhatFwSetenvWrote() throws Exception {
        BootTools.run("fw_setenv", "-c", config.toString(), "BOOT_ORDER", "A B", "BOOT_A_LEFT", "2",
                "bootargs", "console=ttyS0 root=/dev/mmcblk0p2");

        Map<String, String> vars = env.read();
        assertThat(vars).containsEntry("BOOT_ORDER", "A B").containsEntry("BOOT_A_LEFT", "2")
                .as("a value with '=' in it is kept whole")
                .containsEntry("bootargs", "console=ttyS0 root=/dev/mmcblk0p2")
                .containsEntry("bootcmd", "run distro_bootcmd");
    }

    @Test
    void nullUnsetsAndTheRestStays() throws Exception {
        env.apply(Map.of("BOOT_A_LEFT", "3", "BOOT_B_LEFT", "3"));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("BOOT_A_LEFT", null);
        changes.put("BOOT_B_LEFT", "0");
        env.apply(changes);

        String printed = BootTools.run("fw_printenv", "-c", config.toString());
        assertThat(printed).doesNotContain("BOOT_A_LEFT").contains("BOOT_B_LEFT=0", "bootdelay=2");
    }

    /**
     * One fw_setenv call writes one copy of the redundant environment; a power cut that tears that write
     * (here: a byte of the new copy flipped) leaves the previous copy in charge, holding the old pair
     * entire. Two separate calls would have two such windows and could leave a mixed pair.
     */
    @Test
    void aTornWriteLeavesTheOldPairWhole() throws Exception {
        env.apply(Map.of("BOOT_ORDER", "A B", "BOOT_B_LEFT", "0"));
        byte[] before0 = Files.readAllBytes(dir.resolve("uboot-env.0"));
        byte[] before1 = Files.readAllBytes(dir.resolve("uboot-env.1"));

        env.apply(Map.of("BOOT_ORDER", "B A", "BOOT_B_LEFT", "3"));

        boolean changed0 = !Arrays.equals(before0, Files.readAllBytes(dir.resolve("uboot-env.0")));
        boolean changed1 = !Arrays.equals(before1, Files.readAllBytes(dir.resolve("uboot-env.1")));
        assertThat(changed0 ^ changed1).as("exactly one copy was written").isTrue();
        assertThat(env.read()).containsEntry("BOOT_ORDER", "B A").containsEntry("BOOT_B_LEFT", "3");

        Path written = dir.resolve(changed0 ? "uboot-env.0" : "uboot-env.1");
        tear(written);
        assertThat(env.read()).as("the other copy: the old pair, never half of each")
                .containsEntry("BOOT_ORDER", "A B").containsEntry("BOOT_B_LEFT", "0")
                .containsEntry("bootcmd", "run distro_bootcmd");
    }

    @Test
    void aLineBreakInAValueIsRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] before0 = Files.readAllBytes(dir.resolve("uboot-env.0"));
        byte[] before1 = Files.readAllBytes(dir.resolve("uboot-env.1"));

        assertThatThrownBy(() -> env.apply(Map.of("BOOT_ORDER", "B A\nbootcmd=reset")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOOT_ORDER");
        assertThatThrownBy(() -> env.apply(Map.of("BOOT=X", "1"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(Files.readAllBytes(dir.resolve("uboot-env.0"))).isEqualTo(before0);
        assertThat(Files.readAllBytes(dir.resolve("uboot-env.1"))).isEqualTo(before1);
    }

    @Test
    void aToolFailureIsAnErrorWithTheToolsOwnWords() throws Exception {
        Files.writeString(config, dir.resolve("missing-env") + " 0x0 0x4000\n");

        assertThatThrownBy(() -> env.read()).isInstanceOf(IOException.class).hasMessageContaining("fw_printenv");
        assertThatThrownBy(() -> env.apply(Map.of("BOOT_ORDER", "B A")))
                .isInstanceOf(IOException.class).hasMessageContaining("fw_setenv").hasMessageContaining("exit");
    }

    /** Flips one byte of the environment data (after the 4-byte CRC and the flag byte). */
    private static void tear(Path copy) throws IOException {
        byte[] b = Files.readAllBytes(copy);
        b[8] ^= 0x55;
        Files.write(copy, b);
    }
}
