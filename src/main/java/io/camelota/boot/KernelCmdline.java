package io.camelota.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which slot the bootloader started, from the kernel command line it passed ({@code rauc.slot=B} by
 * RAUC's convention). This is the only trustworthy answer on a device with a real bootloader: the
 * agent's own files say what it asked for, the command line says what actually booted.
 */
public final class KernelCmdline {

    private final Path file;
    private final String key;

    /**
     * @param file the command line ({@code /proc/cmdline} on a device; any file in tests)
     * @param key  the parameter naming the slot, without '=' (default {@code rauc.slot})
     */
    public KernelCmdline(Path file, String key) {
        if (key == null || key.isEmpty() || key.contains("=") || key.matches(".*\\s.*")) {
            throw new IllegalArgumentException("not a kernel parameter name: '" + key + "'");
        }
        this.file = file;
        this.key = key;
    }

    public Path file() {
        return file;
    }

    /** Same file and key: the same setting (settings records compare by value). */
    @Override
    public boolean equals(Object o) {
        return o instanceof KernelCmdline k && k.file.equals(file) && k.key.equals(key);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(file, key);
    }

    @Override
    public String toString() {
        return file + " (" + key + "=)";
    }

    public String key() {
        return key;
    }

    /** The value of the key; empty when the command line does not carry it. The last occurrence wins, as in the kernel. */
    public Optional<String> bootedSlot() throws IOException {
        String line = Files.readString(file, StandardCharsets.UTF_8);
        String found = null;
        for (String param : split(line)) {
            if (param.startsWith(key + "=")) {
                found = param.substring(key.length() + 1);
            }
        }
        return Optional.ofNullable(found).filter(v -> !v.isEmpty());
    }

    /** Splits at whitespace outside double quotes and drops the quotes, as the kernel's own parser does. */
    static List<String> split(String line) {
        List<String> params = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    params.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            params.add(cur.toString());
        }
        return params;
    }
}
