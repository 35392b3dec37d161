package io.camelota.boot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a small file so that a kill or power cut at any instant leaves either the old or the new
 * content, never a mix: temp file beside it, fsync, rename over the target, fsync the folder
 * (so the rename itself survives the power cut).
 *
 * <p>The temp file gets a random name and is created exclusively ({@code O_CREAT|O_EXCL}, which
 * never follows a symlink) with mode 0600, then opened without following links: a symlink planted
 * at a predictable name (the old {@code .name.tmp}) cannot make the agent — maybe root — write
 * through it. The rename replaces a symlink at the target itself, never the file it points to.
 * A kill leaves a stale {@code .name.*.tmp} behind; {@link #removeStaleTemps} (called at start)
 * removes them.
 */
public final class AtomicFiles {

    private static final String TMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically, mode 0600 (the agent's own files). */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, OwnerOnly.FILE, out -> out.write(content));
    }

    /** What goes into the file: written to a stream the caller must not close. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes whatever {@code body} writes (any size: it streams) to {@code target} atomically with {@code mode}
     * — e.g. 0644 for a bundle the bundle tool makes for a web server to serve. New parent folders are 0700.
     */
    public static void write(Path target, Set<PosixFilePermission> mode, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", TMP_SUFFIX, OwnerOnly.file());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            OwnerOnly.setMode(tmp, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** True for a name {@link #write} may have left behind when killed mid-write. */
    public static boolean isTempName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(TMP_SUFFIX) && fileName.length() > 1 + TMP_SUFFIX.length();
    }

    /**
     * Deletes the temp files a kill inside {@link #write} left in {@code dir} (only at start: a write in
     * progress in this process would lose its temp). A symlink at such a name is deleted itself, never
     * followed. Returns how many were removed.
     */
    public static int removeStaleTemps(Path dir) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> isTempName(p.getFileName().toString())
                && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path p : s) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        return removed;
    }

    /** fsync on a directory makes a rename durable on Linux; other systems may refuse, which is harmless there. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform/filesystem: the rename is still atomic
        }
    }
}
