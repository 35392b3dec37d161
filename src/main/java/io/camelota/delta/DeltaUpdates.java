package io.camelota.delta;

import java.nio.file.Path;
import java.util.function.Function;

import io.camelota.bundle.BundleHandler;
import io.camelota.download.DownloadOrigin;
import io.camelota.status.StatusBoard;

/**
 * The device's delta support (flash.delta=true), one bean the installer finds in the registry: it makes the
 * per-install hook and knows how to reach the bundle's server again (the same camel-http endpoint options as
 * the poll) and where its checkpoint lives (the data folder).
 */
public final class DeltaUpdates {

    /** Network bytes between two checkpoints of a delta (each one syncs the target slot first). */
    public static final long DEFAULT_CHECKPOINT_BYTES = 4L << 20;

    /**
     * What a check asks for first: the manifest (about 1 KiB) and the chunk indexes (36 bytes per 64 KiB chunk)
     * of up to about 450 MiB of parts. A larger bundle's indexes simply continue in the next request.
     */
    public static final long HEAD_BYTES = 256 << 10;

    private final Function<DownloadOrigin, RangeTransport> transports;
    private final DeltaCheckpoint.Store store;
    private final IndexCache cache;
    private final long checkpointBytes;

    public DeltaUpdates(Function<DownloadOrigin, RangeTransport> transports, Path stateFile, long checkpointBytes) {
        this.transports = transports;
        this.store = new DeltaCheckpoint.Store(stateFile);
        // data/delta-index/<sha256>.cdx: the chunk indexes of installed slot contents
        this.cache = new IndexCache(stateFile.resolveSibling("delta-index"));
        this.checkpointBytes = checkpointBytes;
    }


    /**
     * The handler the bundle reader drives instead of {@code session} for one install of a downloaded bundle.
     *
     * @param bundleSize the bundle's Content-Length, or null
     */
    public BundleHandler hook(BundleHandler session, DeltaHook.Slots slots, DownloadOrigin origin, Long bundleSize,
                              int activeSlot, int targetSlot, StatusBoard board, String attemptId) {
        return new DeltaHook(session, slots, (manifest, parts) -> new DeltaRun(transports.apply(origin), origin,
                bundleSize == null ? -1 : bundleSize, manifest, parts, activeSlot, targetSlot, store, cache, checkpointBytes,
                board, attemptId));
    }
}
