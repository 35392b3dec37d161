package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The boot state or the data folder cannot be trusted: invalid, unreadable, a symlink, or writable by
 * others. The agent refuses to start (exit code {@link #EXIT_CODE}) rather than guess: a silent reset
 * to the factory slot would throw away an update, and running on a half-understood state could boot
 * the wrong slot. The message is one line naming the file and what is wrong.
 */
public class BootStateException extends IOException {

    /** Process exit code of a start refused for this reason (configuration errors are 2). */
    public static final int EXIT_CODE = 3;

    public BootStateException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public BootStateException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
