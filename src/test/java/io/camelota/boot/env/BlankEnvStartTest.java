package io.camelota.boot.env;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.camelota.app.TestAgent;
import io.camelota.boot.BootStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A corrupt or blank bootloader environment at start-up, with the real tools: random bytes in grubenv,
 * a U-Boot environment that was never written (fw_printenv exits 243 without a default environment).
 * Each stops a real agent JVM with exit 3 and one line naming the file, which is left byte-identical;
 * with boot.uboot.default_env the blank U-Boot environment is set up on the first boot instead.
 */
class BlankEnvStartTest {

    @TempDir
    Path dir;

    @Test
    void randomBytesInGrubenvStopTheStartWithExit3AndOneLine() throws Exception {
        BootTools.require("grub-editenv", "grub-common");
        Path grubenv = dir.resolve("grubenv");
        byte[] junk = new byte[1024];
        new Random(7).nextBytes(junk);
        Files.write(grubenv, junk);
        refusedWithExit3(grubenv, List.of("-Dboot.backend=grub", "-Dboot.grub.env=" + grubenv), "grubenv: not a GRUB environment block");

        // the tool's own verdict counts too: a block with the right header and size but garbage inside
        byte[] headed = junk.clone();
        byte[] header = "# GRUB Environment Block\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, headed, 0, header.length);
        Files.write(grubenv, headed);
        refusedWithExit3(grubenv, List.of("-Dboot.backend=grub", "-Dboot.grub.env=" + grubenv), "grubenv: ");
    }

    @Test
    void aBlankUbootEnvironmentStopsTheStartWithExit3AndOneLine() throws Exception {
        BootTools.require("fw_printenv", "libubootenv-tool");
        Path config = blankUbootEnv();
        Path copy0 = dir.resolve("uboot-env.0");
        refusedWithExit3(copy0, List.of("-Dboot.backend=uboot", "-Dboot.uboot.config=" + config),
                "uboot-env.0: U-Boot environment is blank or corrupt (fw_printenv exit 243");
        assertThat(Files.readAllBytes(dir.resolve("uboot-env.1"))).as("second copy untouched")
                .isEqualTo(new byte[BootTools.ENV_SIZE]);
    }

    @Test
    void withADefaultEnvironmentFileTheFirstBootSetsUpABlankUbootEnvironment() throws Exception {
        BootTools.require("fw_setenv", "libubootenv-tool");
        Path config = blankUbootEnv();
        Path defaults = Files.writeString(dir.resolve("u-boot-initial-env"), "bootdelay=3\nbootcmd=run distro_bootcmd\n");
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "root=/dev/mmcblk0p2 rauc.slot=A\n");
        Map<String, String> props = Map.of("boot.backend", "uboot", "boot.uboot.config", config.toString(),
                "boot.uboot.default_env", defaults.toString(), "boot.cmdline", cmdline.toString());
        try (TestAgent agent = TestAgent.on(dir.resolve("data"), props).start()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> agent.bootState().committed());
        }
        // now a valid environment, readable without -f: the defaults kept, slot A's attempts written
        // (a missing BOOT_ORDER is the boot script's default "A B")
        Map<String, String> env = new UbootEnv(config).read();
        assertThat(env).containsEntry("bootdelay", "3").containsEntry("bootcmd", "run distro_bootcmd")
                .containsEntry("BOOT_A_LEFT", "3");
    }

    /** Two 16 KiB copies of zeros: what a fresh eMMC holds before anything wrote an environment. */
    private Path blankUbootEnv() throws Exception {
        Files.write(dir.resolve("uboot-env.0"), new byte[BootTools.ENV_SIZE]);
        Files.write(dir.resolve("uboot-env.1"), new byte[BootTools.ENV_SIZE]);
        return Files.writeString(dir.resolve("fw_env.config"), dir.resolve("uboot-env.0").toAbsolutePath() + " 0x0 0x4000\n"
                + dir.resolve("uboot-env.1").toAbsolutePath() + " 0x0 0x4000\n");
    }

    private void refusedWithExit3(Path envFile, List<String> props, String expected) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-" + System.nanoTime()));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "root=/dev/sda2 rauc.slot=A\n");
        byte[] before = Files.readAllBytes(envFile);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Dota.data_dir=" + data, "-Dota.http.port=0", "-Dupdate.url=", "-Dboot.cmdline=" + cmdline));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.camelota.app.OtaMain"));
        Path outFile = dir.resolve("agent.out");
        Path errFile = dir.resolve("agent.err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();          // an agent that did not refuse runs on: stop it
        }
        String out = Files.readString(outFile);
        String err = Files.readString(errFile);
        assertThat(ended).as("the agent stopped by itself; stderr " + err).isTrue();
        assertThat(p.exitValue()).as("exit code; stdout " + out + " stderr " + err).isEqualTo(BootStateException.EXIT_CODE);
        assertThat(err.lines().toList()).as("one line on stderr: " + err).hasSize(1);
        assertThat(err).startsWith("camel-ota: " + envFile.toAbsolutePath().getParent()).contains(expected);
        assertThat(Files.readAllBytes(envFile)).as("environment byte-identical").isEqualTo(before);
    }
}
