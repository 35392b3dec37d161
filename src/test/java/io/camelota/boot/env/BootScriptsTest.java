package io.camelota.boot.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated boot scripts behave as RAUC's scripts are documented to (the cycle tests rely on it). */
class BootScriptsTest {

    @TempDir
    Path dir;

    @Test
    void ubootBootsTheFirstSlotWithAttemptsAndFallsBackWhenTheyRunOut() throws Exception {
        BootTools.require("fw_setenv", "libubootenv-tool");
        Path config = BootTools.ubootEnv(dir);
        Path cmdline = dir.resolve("cmdline");
        UbootScript uboot = new UbootScript(config, cmdline, "A", "B");

        assertThat(uboot.boot()).as("blank environment: defaults A B, 3, 3").isEqualTo("A");
        assertThat(Files.readString(cmdline)).contains("rauc.slot=A").contains("root=/dev/mmcblk0p2");
        UbootEnv env = new UbootEnv(config);
        assertThat(env.read()).containsEntry("BOOT_ORDER", "A B").containsEntry("BOOT_A_LEFT", "2")
                .containsEntry("BOOT_B_LEFT", "3");

        env.apply(java.util.Map.of("BOOT_ORDER", "B A", "BOOT_B_LEFT", "3"));
        List<String> booted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            booted.add(uboot.boot());
        }
        assertThat(booted).containsExactly("B", "B", "B", "A");
        assertThat(env.read()).containsEntry("BOOT_B_LEFT", "0").containsEntry("BOOT_A_LEFT", "1")
                .containsEntry("BOOT_ORDER", "B A");
        assertThat(Files.readString(cmdline)).contains("rauc.slot=A");

        env.apply(java.util.Map.of("BOOT_A_LEFT", "0"));
        assertThat(uboot.boot()).as("no slot left: counts reset to 3, board reset, first in order boots")
                .isEqualTo("B");
        assertThat(uboot.resets()).isEqualTo(1);
        assertThat(env.read()).containsEntry("BOOT_B_LEFT", "2").containsEntry("BOOT_A_LEFT", "3");
    }

    @Test
    void ubootCountsAreHexAsSetexprPrintsThem() throws Exception {
        BootTools.require("fw_setenv", "libubootenv-tool");
        Path config = BootTools.ubootEnv(dir, "BOOT_ORDER", "A B", "BOOT_A_LEFT", "10");
        new UbootScript(config, dir.resolve("cmdline"), "A", "B").boot();
        assertThat(new UbootEnv(config).read()).containsEntry("BOOT_A_LEFT", "f");
    }

    @Test
    void grubGivesAnUncommittedSlotOneTryAndFallsBack() throws Exception {
        BootTools.require("grub-editenv", "grub-common");
        Path grubenv = dir.resolve("grubenv");
        Path cmdline = dir.resolve("cmdline");
        GrubScript grub = new GrubScript(grubenv, cmdline, "A", "B");
        GrubEnv env = new GrubEnv(grubenv);

        assertThat(grub.boot()).as("nothing marked OK: rescue").isEqualTo(GrubScript.RESCUE);
        env.apply(java.util.Map.of("A_OK", "1", "A_TRY", "0"));
        assertThat(grub.boot()).isEqualTo("A");
        assertThat(env.read()).containsEntry("A_TRY", "1");
        assertThat(grub.boot()).as("A was not marked good again: its try is used, nothing else OK")
                .isEqualTo(GrubScript.RESCUE);
        assertThat(env.read()).as("the rescue boot clears the TRY of OK slots").containsEntry("A_TRY", "0");

        env.apply(java.util.Map.of("ORDER", "B A", "B_OK", "1", "B_TRY", "0"));
        assertThat(grub.boot()).isEqualTo("B");
        assertThat(Files.readString(cmdline)).contains("rauc.slot=B");
        assertThat(grub.boot()).as("B's one try is used: A").isEqualTo("A");
        assertThat(env.read()).containsEntry("B_TRY", "1").containsEntry("A_TRY", "1").containsEntry("ORDER", "B A");
    }
}
