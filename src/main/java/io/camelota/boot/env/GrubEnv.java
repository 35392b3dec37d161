package io.camelota.boot.env;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelota.boot.AtomicFiles;

/**
 * The GRUB environment block ({@code grubenv}, 1024 bytes) through {@code grub-editenv} (Debian:
 * grub-common).
 *
 * <p>{@code grub-editenv set} truncates the file and writes it again in place, so a power cut in
 * between leaves an empty block (GRUB then runs with the grub.cfg defaults). Here every change is made
 * on a copy beside the file, fsynced, and renamed over it (then the folder is fsynced): a cut leaves
 * the old or the new block. GRUB reads grubenv by path, so the new inode is what it loads; its own
 * {@code save_env} rewrites the blocks of whatever file is there, which a fresh 1024-byte file allows.
 */
public final class GrubEnv implements BootEnv {

    private final Path file;
    private final String editenv;

    public GrubEnv(Path file) {
        this(file, "grub-editenv");
    }

    public GrubEnv(Path file, String editenv) {
        this.file = file;
        this.editenv = editenv;
    }

    public Path file() {
        return file;
    }

    /** An absent grubenv is an empty environment (grub-editenv would create it on {@code list}). */
    @Override
    public Map<String, String> read() throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        return EnvTool.parseLines(EnvTool.run(List.of(editenv, file.toString(), "list")));
    }

    @Override
    public void apply(Map<String, String> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> set = new ArrayList<>(List.of(editenv, "", "set"));
        List<String> unset = new ArrayList<>(List.of(editenv, "", "unset"));
        changes.forEach((name, value) -> {
            BootEnv.checkName(name);
            BootEnv.checkValue(name, value);
            if (value == null) {
                unset.add(name);
            } else {
                set.add(name + "=" + value);
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".new-env");
        Files.deleteIfExists(tmp);
        try {
            if (Files.exists(file)) {
                Files.copy(file, tmp);
            } else {
                EnvTool.run(List.of(editenv, tmp.toString(), "create"));
            }
            for (List<String> cmd : List.of(set, unset)) {
                if (cmd.size() > 3) {
                    cmd.set(1, tmp.toString());
                    EnvTool.run(cmd);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);  // grub-editenv 2.06 fsyncs too; older ones do not
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
