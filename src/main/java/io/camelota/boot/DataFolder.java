package io.camelota.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of the data folder ({@code ota.data_dir}): it holds the boot state, the slots
 * of the file backend and the uploads, so whoever may write to it decides what boots. Refused
 * (with {@link BootStateException}): a folder or boot state that is a symlink, or that group or
 * others may write to. Otherwise the folder is made (or set) 0700, its {@code uploads} folder
 * too, and temp files of writes a kill interrupted are removed.
 */
public final class DataFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
    /** Where the HTTP server spools uploaded bundles. */
    public static final String UPLOADS = "uploads";
    /** The boot record (what each slot holds, the attempt count, the rejected version). */
    public static final String BOOT_STATE = "boot-state.json";
    /** The supervised application's pid, to stop an orphan after the agent was killed. */
    public static final String APP_PID = "app.pid";
    /** A broken download's resume point. */
    public static final String DOWNLOAD_STATE = "download-state.json";
    /** ETag / Last-Modified of the running and the rejected firmware, for conditional polls. */
    public static final String HTTP_VALIDATORS = "http-validators.json";
    /** Bundles a staged rollout told this device to wait for, with their validators. */
    public static final String ROLLOUT_DEFERRALS = "rollout-deferrals.json";
    /** A broken delta install's verified chunks (its folder delta-index/ caches installed slots' chunk indexes). */
    public static final String DELTA_STATE = "delta-state.json";

    private DataFolder() {
    }

    /** Checks and prepares {@code dir}; {@code bootState} is the boot-state file (it may be absent). */
    public static void prepare(Path dir, Path bootState) throws IOException {
        ParentFolders.check(dir);
        ownFolder(dir, "data folder");
        if (Files.isSymbolicLink(bootState)) {
            throw new BootStateException(bootState, "boot state is a symbolic link; refusing to follow it");
        }
        if (Files.exists(bootState, LinkOption.NOFOLLOW_LINKS) && OwnerOnly.othersMayWrite(bootState)) {
            throw new BootStateException(bootState, "boot state is writable by group or others (mode "
                    + OwnerOnly.octal(bootState) + "); chmod 600 it if its content is trusted");
        }
        ownFolder(dir.resolve(UPLOADS), "uploads folder");
        int stale = AtomicFiles.removeStaleTemps(dir);
        if (stale > 0) {
            LOG.info("data folder {}: removed {} temp file(s) of interrupted writes", dir, stale);
        }
    }

    private static void ownFolder(Path dir, String what) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new BootStateException(dir, what + " is a symbolic link; use the real path in ota.data_dir");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            OwnerOnly.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BootStateException(dir, what + " is not a folder");
        }
        if (OwnerOnly.othersMayWrite(dir)) {
            throw new BootStateException(dir, what + " is writable by group or others (mode " + OwnerOnly.octal(dir)
                    + "); check its content, then chmod 700 it");
        }
        try {
            OwnerOnly.restrictDirectory(dir);
        } catch (java.nio.file.FileSystemException e) {
            throw new BootStateException(dir, what + ": cannot set mode 0700 (not its owner?): " + e.getReason());
        }
    }
}
