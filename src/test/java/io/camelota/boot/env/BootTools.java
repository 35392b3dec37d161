package io.camelota.boot.env;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real bootloader tools for interop tests. A missing tool skips the test with a message naming
 * the package; when {@code OTA_REQUIRE_BOOT_TOOLS} is set (.ci/run sets it after installing them) a
 * missing tool fails instead, so CI never skips these silently. A tool that is present but broken
 * always fails: {@link #run} asserts its exit code.
 */
public final class BootTools {

    private BootTools() {
    }

    public static void require(String tool, String debianPackage) {
        boolean present = onPath(tool);
        if (!present && System.getenv("OTA_REQUIRE_BOOT_TOOLS") != null) {
            fail(tool + " is required (OTA_REQUIRE_BOOT_TOOLS is set) but not on PATH: apt-get install " + debianPackage);
        }
        assumeTrue(present, tool + " not installed, test skipped: apt-get install " + debianPackage);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool, asserts it exits 0, returns its stdout. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + err);
        }
        return out;
    }

    /**
     * A file-backed, redundant U-Boot environment (two 16 KiB copies, as RAUC's integration guide
     * lays it out on eMMC) initialised the way libubootenv does for a blank device: files of zeros have
     * a bad CRC, so {@code fw_setenv -f /dev/null} starts from an empty default environment and stores
     * it with a valid CRC. Returns the fw_env.config.
     */
    public static Path ubootEnv(Path dir, String... initialVars) throws IOException, InterruptedException {
        Path copy0 = dir.resolve("uboot-env.0");
        Path copy1 = dir.resolve("uboot-env.1");
        Files.write(copy0, new byte[ENV_SIZE]);
        Files.write(copy1, new byte[ENV_SIZE]);
        Path config = dir.resolve("fw_env.config");
        Files.writeString(config, "# device offset size\n"
                + copy0.toAbsolutePath() + " 0x0 0x4000\n"
                + copy1.toAbsolutePath() + " 0x0 0x4000\n");
        List<String> cmd = new ArrayList<>(List.of("fw_setenv", "-c", config.toString(), "-f", "/dev/null"));
        cmd.addAll(List.of(initialVars));
        run(cmd.toArray(String[]::new));
        return config;
    }

    public static final int ENV_SIZE = 0x4000;
}
