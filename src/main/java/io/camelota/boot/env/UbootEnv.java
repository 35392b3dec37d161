package io.camelota.boot.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 */
public final class UbootEnv implements BootEnv {

    private static final int MAX_LINE = 1000;

    private final Path config;
    private final String printenv;
    private final String setenv;

    public UbootEnv(Path config) {
        this(config, "fw_printenv", "fw_setenv");
    }

    public UbootEnv(Path config, String printenv, String setenv) {
        this.config = config;
        this.printenv = printenv;
        this.setenv = setenv;
    }

    public Path config() {
        return config;
    }

    @Override
    public Map<String, String> read() throws IOException {
        return EnvTool.parseLines(EnvTool.run(List.of(printenv, "-c", config.toString())));
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
            EnvTool.run(List.of(setenv, "-c", config.toString(), "-s", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
