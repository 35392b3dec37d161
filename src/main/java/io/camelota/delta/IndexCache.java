package io.camelota.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

import io.camelota.boot.AtomicFiles;
import io.camelota.boot.OwnerOnly;

/**
 * Chunk indexes of installed slot contents, in the data folder, named by the content's SHA-256: the next update
 * finds the running slot's chunks here instead of chunking the whole slot again. A cached index is only a map of
 * where to look: every chunk read from the active slot is still hashed before it is written, and a chunk that
 * does not match drops the cached index (the next attempt chunks the slot again).
 */
final class IndexCache {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    IndexCache(Path dir) {
        this.dir = dir;
    }

    /** The cached index of content {@code sha256} if it was cut with {@code params}, else null. */
    ChunkIndex load(String sha256, CdcParams params) {
        Path f = file(sha256);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try {
            byte[] raw = Files.readAllBytes(f);
            long size = raw.length >= IndexCodec.HEADER ? ByteBuffer.wrap(raw).getLong(28) : -1;
            ChunkIndex idx = IndexCodec.decode(raw, size);
            return idx.params().equals(params) ? idx : null;
        } catch (IOException | DeltaException e) {
            drop(sha256);
            return null;
        }
    }

    void save(String sha256, ChunkIndex index) throws IOException {
        Path f = file(sha256);
        if (f != null) {
            OwnerOnly.createDirectories(dir);
            AtomicFiles.write(f, IndexCodec.encode(index.withDataOffset(0)));
        }
    }

    /** Keeps the indexes of the slots' current contents only (the new one and the running one). */
    void keepOnly(Set<String> sha256s) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cdx")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!sha256s.contains(name.substring(0, name.length() - 4))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // a stale index is only ever used for the content it is named after
        }
    }

    void drop(String sha256) {
        Path f = file(sha256);
        try {
            if (f != null) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // verified on use anyway
        }
    }

    /** Null for anything that is not a lower-case SHA-256: a name from a manifest never becomes a path. */
    private Path file(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches() ? dir.resolve(sha256 + ".cdx") : null;
    }
}
