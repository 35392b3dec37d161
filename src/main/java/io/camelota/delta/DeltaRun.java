package io.camelota.delta;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.Manifest;
import io.camelota.download.AbortableBody;
import io.camelota.download.DownloadOrigin;
import io.camelota.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A delta install ready to run (the installer calls it once the stream has stopped), or to give up for a full one. */
public final class DeltaRun {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaRun.class);

    /** Makes a run for a verified manifest and its parsed indexes. */
    interface Factory {
        DeltaRun create(Manifest manifest, List<DeltaPart> parts);
    }

    /** What the installer reports when the delta is done. */
    public record Outcome(long networkBytes, long reusedBytes) {
        /** "delta: 1.4 MiB fetched, 30.7 MiB reused" (status and log). */
        public String message() {
            return "delta: " + mib(networkBytes) + " fetched, " + mib(reusedBytes) + " reused";
        }

        private static String mib(long b) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
    }

    private final RangeTransport transport;
    private final DownloadOrigin origin;
    private final long bundleSize;
    private final List<DeltaPart> parts;
    private final DeltaCheckpoint identity;
    private final DeltaCheckpoint.Store store;
    private final IndexCache cache;
    private final long checkpointBytes;
    private final StatusBoard board;
    private final String attemptId;

    DeltaRun(RangeTransport transport, DownloadOrigin origin, long bundleSize, Manifest manifest, List<DeltaPart> parts,
             int activeSlot, int targetSlot, DeltaCheckpoint.Store store, IndexCache cache, long checkpointBytes,
             StatusBoard board, String attemptId) {
        this.cache = cache;
        this.transport = transport;
        this.origin = origin;
        this.bundleSize = bundleSize;
        this.parts = parts;
        this.identity = new DeltaCheckpoint(origin.url(), origin.validator(),
                HexFormat.of().formatHex(FastCdc.sha256().digest(manifest.rawBytes())), activeSlot, targetSlot,
                List.of(), null, 0, 0);
        this.store = store;
        this.checkpointBytes = checkpointBytes;
        this.board = board;
        this.attemptId = attemptId;
    }

    /**
     * Builds every part through {@code session} (its sinks, its read-back). Throws {@link DeltaUnsupported} when the
     * server turns out not to serve ranges of this bundle: the caller then downloads in full ({@link #openFull}).
     *
     * @param alreadyReceived bundle bytes the stream delivered before it was stopped
     */
    public Outcome install(BundleHandler session, long alreadyReceived)
            throws IOException, DeltaException, BundleException {
        board.progress(attemptId, "Writing by delta");
        DeltaInstall.Result r;
        try {
            r = new DeltaInstall(transport, origin.validator(), bundleSize, store, cache, identity, checkpointBytes,
                    board, attemptId).run(parts, session, alreadyReceived);
        } finally {
            transport.close();
        }
        Outcome o = new Outcome(r.networkBytes(), r.reusedBytes());
        LOG.info("{} ({} range requests; a full download is {} bytes)", o.message(), r.requests(), bundleSize);
        board.progress(attemptId, o.message());
        return o;
    }

    /** The whole bundle again, a plain GET of the same URL: the fallback when ranges cannot be used. */
    public InputStream openFull() throws IOException {
        RangeTransport.Answer a = transport.get(null, null);
        if (a.status() != 200) {
            transport.abort(a.body());
            throw new IOException("full download after delta answered " + a.status());
        }
        return new Abortable(a.body(), transport);
    }


    /** A body the installer can abort (rather than drain) whatever happens, as it does with the poll's. */
    private static final class Abortable extends FilterInputStream implements AbortableBody {
        private final RangeTransport transport;

        Abortable(InputStream in, RangeTransport transport) {
            super(in);
            this.transport = transport;
        }

        @Override
        public void abort() {
            transport.abort(in);
        }

        @Override
        public void close() {
            abort();
        }
    }
}
