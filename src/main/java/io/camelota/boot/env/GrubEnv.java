package io.camelota.boot.env;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelota.boot.AtomicFiles;
import io.camelota.boot.BootStateException;

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

    private static final int BLOCK_SIZE = 1024;
    private static final byte[] HEADER = "# GRUB Environment Block\n".getBytes(StandardCharsets.US_ASCII);

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

    /**
     * An absent grubenv is an empty environment (grub-editenv would create it on {@code list}). A file that
     * is not a GRUB environment block (GRUB itself ignores it and boots its defaults) refuses the start with
     * one line naming it ({@link BootStateException}, exit 3); it is left as it is for a person to look at.
     */
    @Override
    public Map<String, String> read() throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        checkBlock();
        try {
            return EnvTool.parseLines(EnvTool.run(List.of(editenv, file.toString(), "list")));
        } catch (EnvTool.ToolFailure e) {
            throw new BootStateException(file, "not a valid GRUB environment block (" + editenv + " exit "
                    + e.exitCode() + ": " + e.stderr() + ")", e);
        }
    }

    /**
     * grub-editenv's own format: 1024 bytes, its header line, {@code name=value} lines, '#' padding to the
     * end. (grub-editenv {@code list} prints a block with garbage after the header without complaint, and
     * only {@code set} fails on it: it is checked here, before anything is acted on.)
     */
    private void checkBlock() throws IOException {
        byte[] block = Files.readAllBytes(file);
        String fix = "; recreate it with grub-editenv " + file + " create";
        if (block.length != BLOCK_SIZE) {
            throw new BootStateException(file, "not a GRUB environment block: " + block.length + " bytes, not "
                    + BLOCK_SIZE + fix);
        }
        if (!Arrays.equals(block, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new BootStateException(file, "not a GRUB environment block: no '# GRUB Environment Block' header"
                    + fix);
        }
        // the variables end with the last line break; only '#' padding may follow it
        String text = new String(block, HEADER.length, block.length - HEADER.length, StandardCharsets.ISO_8859_1);
        int last = text.lastIndexOf('\n');
        for (int i = last + 1; i < text.length(); i++) {
            if (text.charAt(i) != '#') {
                throw new BootStateException(file, "corrupt GRUB environment block: no '#' padding after its variables"
                        + fix);
            }
        }
        for (String line : text.substring(0, last + 1).split("\n")) {
            // newer grub-editenv writes a "# WARNING: Do not edit..." line; other lines are name=value
            if (!line.isEmpty() && !line.startsWith("#") && (line.indexOf('=') <= 0 || line.indexOf('\0') >= 0)) {
                throw new BootStateException(file, "corrupt GRUB environment block: a line that is no name=value" + fix);
            }
        }
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
