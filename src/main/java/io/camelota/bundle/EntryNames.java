package io.camelota.bundle;

import java.nio.charset.StandardCharsets;

/** Entry name rules of the original: the top folder is dropped, the rest must be short and harmless. */
final class EntryNames {

    private EntryNames() {
    }

    /** Drops everything up to and including the FIRST '/' ({@code app-1.0/fs/x} becomes {@code fs/x}). */
    static String strip(String rawName) {
        int slash = rawName.indexOf('/');
        return slash < 0 ? rawName : rawName.substring(slash + 1);
    }

    /**
     * Checks a stripped name. Handlers may use names as file names (extra files, staging), so anything that
     * could leave a directory is refused even though the original did not check it.
     */
    static void check(String name, BundleLimits limits) throws BundleException {
        if (name.getBytes(StandardCharsets.UTF_8).length > limits.maxNameBytes()) {
            throw new BundleException("Too long file name");
        }
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new BundleException("Invalid file name");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw new BundleException("Invalid file name");
            }
        }
    }
}
