package io.camelota.boot.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.camelota.boot.BootStateException;

/**
 * The U-Boot environment through libubootenv's {@code fw_printenv} / {@code fw_setenv} (Debian:
 * libubootenv-tool), configured by a {@code fw_env.config}.
 *
 * <p>All changes go through ONE {@code fw_setenv -s <script>} call: libubootenv builds the whole new
 * environment in memory and writes it as one image with its CRC. With a redundant environment (two
 * lines in fw_env.config) it writes the inactive copy and then flips the flag byte, so a power cut
 * leaves the old or the new set of variables; with a single copy a cut mid-write leaves a bad CRC and
 * U-Boot falls back to its built-in default environment. Separate {@code fw_setenv} calls per
 * variable (RAUC's way) could leave {@code BOOT_ORDER} switched but the attempts not yet set.
 *
 * <p>Script lines are {@code name=value}; {@code name=} unsets. (The older u-boot-tools
 * {@code fw_setenv} reads {@code name value} lines instead: this class needs libubootenv's.)
 *
 * <p>A blank or corrupt environment (bad CRC in every copy) is read from libubootenv's default
 * environment file ({@code -f}, key {@code boot.uboot.default_env}; libubootenv's own default is
 * {@code /etc/u-boot-initial-env}): that is how a first boot on a blank device is set up. Without one
 * {@code fw_printenv} fails (exit 243) and the start is refused with one line naming the environment
 * ({@link BootStateException}, exit 3): the agent never writes a guessed environment.
 */
public final class UbootEnv implements BootEnv {

    private static final int MAX_LINE = 1000;

    private final Path config;
    private final Path defaultEnv;
    private final String printenv;
    private final String setenv;

    public UbootEnv(Path config) {
        this(config, null);
    }

    /** @param defaultEnv boot.uboot.default_env: libubootenv's default environment file ({@code -f}); null = its own */
    public UbootEnv(Path config, Path defaultEnv) {
        this(config, defaultEnv, "fw_printenv", "fw_setenv");
    }

    public UbootEnv(Path config, String printenv, String setenv) {
        this(config, null, printenv, setenv);
    }

    public UbootEnv(Path config, Path defaultEnv, String printenv, String setenv) {
        this.config = config;
        this.defaultEnv = defaultEnv;
        this.printenv = printenv;
        this.setenv = setenv;
    }

    public Path config() {
        return config;
    }

    @Override
    public Map<String, String> read() throws IOException {
        try {
            return EnvTool.parseLines(EnvTool.run(withDefaultEnv(printenv, "-c", config.toString())));
        } catch (EnvTool.ToolFailure e) {
            throw new BootStateException(storage(), "U-Boot environment is blank or corrupt (" + printenv
                    + " exit " + e.exitCode() + (e.stderr().isEmpty() ? "" : ": " + e.stderr()) + "); for a first"
                    + " boot set boot.uboot.default_env to libubootenv's default environment file", e);
        }
    }

    private List<String> withDefaultEnv(String... args) {
        List<String> cmd = new ArrayList<>(List.of(args));
        if (defaultEnv != null) {
            cmd.addAll(List.of("-f", defaultEnv.toString()));
        }
        return cmd;
    }

    /** The first device or file fw_env.config names (what is blank); the config itself if none is readable. */
    Path storage() {
        try {
            for (String line : Files.readAllLines(config)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return Path.of(t.split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the config is named instead
        }
        return config;
    }

    @Override
    public void apply(Map<String, String> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        StringBuilder script = new StringBuilder();
        changes.forEach((name, value) -> {
            BootEnv.checkName(name);
            BootEnv.checkValue(name, value);
            if (value != null && value.isEmpty()) {
                // libubootenv unsets a variable whose script value is empty: say so instead of surprising
                throw new IllegalArgumentException("U-Boot cannot hold an empty value for " + name);
            }
            if (name.length() + (value == null ? 0 : value.length()) > MAX_LINE) {
                // libubootenv reads script lines into a 1024-byte buffer and splits longer ones
                throw new IllegalArgumentException(name + " is too long for a fw_setenv script line");
            }
            script.append(name).append('=').append(value == null ? "" : value).append('\n');
        });
        Path file = Files.createTempFile("fw_setenv", ".script");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            EnvTool.run(withDefaultEnv(setenv, "-c", config.toString(), "-s", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
