package io.camelota.flash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link DownloadCheckpoint} of the data folder (download-state.json), written atomically so a
 * kill leaves the previous checkpoint or the new one. An unreadable file counts as none: at worst a
 * download starts over, which is always safe.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** No store: nothing is ever checkpointed or resumed (an embedder without a data folder, unit tests). */
    public static final CheckpointStore NONE = new CheckpointStore(null);

    private final Path file;

    /** {@code file} null: see {@link #NONE}. */
    public CheckpointStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<DownloadCheckpoint> load() {
        try {
            if (file != null && Files.exists(file)) {
                return Optional.of(JSON.readValue(file.toFile(), DownloadCheckpoint.class));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
        }
        return Optional.empty();
    }

    public synchronized void save(DownloadCheckpoint cp) throws IOException {
        if (file == null) {
            return;
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(cp));
    }

    /** Forgets the checkpoint; failures are only logged (a stale one is re-validated before any use). */
    public synchronized void delete() {
        try {
            if (file != null && Files.deleteIfExists(file)) {
                AtomicFiles.syncDirectory(file.toAbsolutePath().getParent());
                LOG.info("download checkpoint dropped");
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
