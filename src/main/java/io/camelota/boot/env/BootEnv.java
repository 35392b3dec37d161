package io.camelota.boot.env;

import java.io.IOException;
import java.util.Map;

/**
 * A bootloader's variable store (U-Boot environment, GRUB environment block) as the agent sees it:
 * read all variables, change several in one step. {@link #apply} must leave either every change or
 * none of them after a power cut, because the bootloader acts on what it finds without asking.
 */
public interface BootEnv {

    /** Every variable in the environment, in the order the tool printed them. */
    Map<String, String> read() throws IOException;

    /** Sets the given variables (a {@code null} value unsets it) in one atomic write; others survive. */
    void apply(Map<String, String> changes) throws IOException;

    /** Variable names the tools accept: no '=', no whitespace, not empty. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.matches("[^=\\s]+")) {
            throw new IllegalArgumentException("not a valid environment variable name: '" + name + "'");
        }
    }

    /** Values are written one per line, so a line break would smuggle in another variable. */
    static void checkValue(String name, String value) {
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("value of " + name + " contains a line break or NUL");
        }
    }
}
