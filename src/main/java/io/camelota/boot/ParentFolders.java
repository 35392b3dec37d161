package io.camelota.boot;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders above the data folder: if one of them is world-writable without the sticky bit
 * (mode 0777, not 1777 as /tmp), any user can rename the data folder away and put one of their own
 * in its place, with a boot state that decides what boots. Such a path is refused at start
 * ({@link BootStateException}, exit 3). Only "unix" file systems are checked (Windows has no such modes).
 */
final class ParentFolders {

    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private ParentFolders() {
    }

    /** Throws for the first folder above {@code dir} that others may write to and that is not sticky. */
    static void check(Path dir) throws IOException {
        if (!UNIX) {
            return;
        }
        for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if ((mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new BootStateException(p, String.format("world-writable without the sticky bit (mode %04o): any"
                        + " user could replace the data folder %s below it; chmod o-w or +t it, or choose another"
                        + " ota.data_dir", mode & 07777, dir));
            }
        }
    }
}
