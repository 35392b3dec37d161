package io.camelota.flash;

import io.camelota.download.DownloadOrigin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.camelota.bundle.Manifest;
import io.camelota.bundle.ResumePoint;
import io.camelota.slot.SlotWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when one install persists a {@link DownloadCheckpoint}: while a stored part streams into its
 * slot, at most every {@code everyBytes} of bundle or every 5 s, and only after forcing the slot, so
 * the prefix the checkpoint claims is on storage. The force and the save run off the streaming thread
 * ({@link SlotWriter#whenDurable}). A download without a validator (or an upload) cannot
 * be resumed and never checkpoints.
 */
final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long EVERY_NANOS = 5_000_000_000L;

    private final CheckpointStore store;
    private final DownloadOrigin origin;
    private final long everyBytes;
    private final int activeSlot;
    private final int targetSlot;
    private final Long total;
    private final List<DownloadCheckpoint.WrittenPart> written = new ArrayList<>();
    private long lastOffset;
    private long lastNanos = System.nanoTime();

    Checkpointer(CheckpointStore store, DownloadOrigin origin, long everyBytes, int activeSlot, int targetSlot,
                 Long total, long startOffset) {
        // without a validator If-Range cannot guard a resume; an upload has no origin to resume from
        this.store = origin == null || origin.validator() == null ? null : store;
        this.origin = origin;
        this.everyBytes = Math.max(1, everyBytes);
        this.activeSlot = activeSlot;
        this.targetSlot = targetSlot;
        this.total = total;
        this.lastOffset = startOffset;
    }

    void partWritten(String name, long size, String sha256Hex) {
        written.add(new DownloadCheckpoint.WrittenPart(name, size, sha256Hex));
    }

    void progress(Manifest manifest, ResumePoint point, SlotWriter writer) throws IOException {
        if (store == null || manifest == null || writer == null) {
            return;
        }
        long now = System.nanoTime();
        if (point.offset() - lastOffset < everyBytes && now - lastNanos < EVERY_NANOS) {
            return;
        }
        DownloadCheckpoint checkpoint = DownloadCheckpoint.of(origin, total, activeSlot, targetSlot, manifest, written,
                point);
        // synced and saved on the slot's sync thread while the download goes on (an fsync of 128 MiB on the
        // streaming thread stalled it for as long)
        writer.whenDurable(() -> store.save(checkpoint),
                // losing a checkpoint only costs a longer download after a restart: the install carries on
                e -> LOG.warn("cannot save download checkpoint: {}", e.getMessage()));
        lastOffset = point.offset();
        lastNanos = now;
    }
}
