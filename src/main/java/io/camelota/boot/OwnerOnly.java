package io.camelota.boot;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Modes for what the agent creates in its data folder: folders 0700, files 0600, whatever the
 * umask (a umask of 000 must not make the boot state world-writable). The modes are passed at
 * creation (so no other user ever sees a wider mode) and set again afterwards (a umask can only
 * narrow them, and e.g. 0277 would leave a file the agent cannot write). On a file system without
 * POSIX permissions (Windows) these are no-ops.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creation attributes for a file: 0600 (none on a non-POSIX file system). */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Sets 0600 on a file the agent just created (not on block devices or files it was given). */
    public static void restrictFile(Path file) throws IOException {
        setMode(file, FILE);
    }

    /** Sets {@code mode} (a no-op without POSIX permissions). */
    static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, mode);
        }
    }

    /** Creates {@code dir} and any missing parents the way {@link Files#createDirectories} does, new ones 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        if (POSIX) {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
            Files.setPosixFilePermissions(abs, DIR);
        } else {
            Files.createDirectory(abs);
        }
        return dir;
    }

    /** Sets 0700 on a folder the agent owns. */
    static void restrictDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    /** The mode of {@code path} itself (a symlink is not followed), or null without POSIX permissions. */
    static Set<PosixFilePermission> mode(Path path) throws IOException {
        return POSIX ? Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS) : null;
    }

    /** True when someone other than the owner may write to {@code path}. */
    static boolean othersMayWrite(Path path) throws IOException {
        Set<PosixFilePermission> m = mode(path);
        return m != null && (m.contains(PosixFilePermission.GROUP_WRITE) || m.contains(PosixFilePermission.OTHERS_WRITE));
    }

    /** "0644"-style text of a mode, for messages. */
    static String octal(Path path) throws IOException {
        Set<PosixFilePermission> m = mode(path);
        if (m == null) {
            return "?";
        }
        int v = 0;
        for (PosixFilePermission p : m) {
            v |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", v);
    }
}
