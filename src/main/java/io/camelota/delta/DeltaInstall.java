package io.camelota.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.BundleHandler;
import io.camelota.bundle.PartSink;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the new parts from chunks: each chunk is read (from the target slot for a resumed attempt's proven
 * chunks, from the active slot, or from the next network range), its SHA-256 checked, and only then written, in
 * order, through the installer's own sink. The installer's session then does what it does for a streamed part:
 * sync, read-back, and after the last part the one boot-state write. The active slot is opened read-only.
 */
final class DeltaInstall {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaInstall.class);

    /** What a delta cost and saved. */
    record Result(long networkBytes, long reusedBytes, long fetchedBytes, int requests) {
    }

    private final RangeTransport transport;
    private final String validator;
    private final long bundleSize;
    private final DeltaCheckpoint.Store store;
    private final DeltaCheckpoint identity;
    private final long checkpointBytes;
    private final StatusBoard board;
    private final String attemptId;
    private final IndexCache cache;

    DeltaInstall(RangeTransport transport, String validator, long bundleSize, DeltaCheckpoint.Store store,
                 IndexCache cache, DeltaCheckpoint identity, long checkpointBytes, StatusBoard board, String attemptId) {
        this.cache = cache;
        this.transport = transport;
        this.validator = validator;
        this.bundleSize = bundleSize;
        this.store = store;
        this.identity = identity;
        this.checkpointBytes = checkpointBytes;
        this.board = board;
        this.attemptId = attemptId;
    }

    /** @param alreadyReceived bundle bytes read before the delta took over (manifest and indexes) */
    Result run(List<DeltaPart> parts, BundleHandler session, long alreadyReceived)
            throws IOException, DeltaException, BundleException {
        DeltaCheckpoint saved = store.load();
        DeltaCheckpoint proven = identity.sameAttempt(saved) ? saved : null;
        if (proven == null) {
            store.delete();
        }
        List<ChunkPlan> plans = new ArrayList<>();
        long planned = alreadyReceived;
        long started = System.nanoTime();
        for (DeltaPart p : parts) {
            ChunkPlan plan = ChunkPlan.of(p, proven == null ? 0 : proven.provenChunks(p.name(), p.index().count()),
                    cache);
            plans.add(plan);
            planned += plan.networkBytes;
            LOG.info("delta {}: {} chunks, {} bytes from the old slot or earlier attempts, {} bytes in {} ranges to fetch"
                    + " (active slot {} in {} ms)", p.name(), p.index().count(), plan.reusedBytes, plan.networkBytes,
                    plan.ranges.size(), plan.fromCache ? "found by its cached index" : "chunked",
                    (System.nanoTime() - started) / 1_000_000);
        }
        List<ByteRange> all = new ArrayList<>();
        plans.forEach(pl -> all.addAll(pl.ranges));
        long reused = 0;
        long fetched = 0;
        List<String> done = new ArrayList<>();
        try (RangeStream remote = new RangeStream(transport, validator, all, bundleSize)) {
            for (int k = 0; k < parts.size(); k++) {
                DeltaPart p = parts.get(k);
                ChunkPlan plan = plans.get(k);
                PartSink sink = session.onFileStart(p.name(), Optional.of(p.part()));
                if (sink == null) {
                    throw new DeltaException("no slot for part " + p.name());
                }
                String sha = writePart(p, plan, sink, remote, done, alreadyReceived, planned);
                session.onFileEnd(p.name(), p.index().partSize(), sha);
                done.add(p.name());
                if (k < parts.size() - 1) {
                    // the part is synced and read back: a kill from here on does not redo it
                    store.save(new DeltaCheckpoint(identity.url(), identity.validator(), identity.manifestSha256(),
                            identity.activeSlot(), identity.targetSlot(), done, null, 0, 0));
                }
                reused += plan.reusedBytes;
                fetched += plan.networkBytes;
            }
            remote.finish();
            long network = alreadyReceived + remote.networkBytes();
            board.bytes(attemptId, network, network);
            store.delete();
            remember(parts);
            return new Result(network, reused, fetched, remote.requests());
        }
    }

    private String writePart(DeltaPart p, ChunkPlan plan, PartSink sink, RangeStream remote, List<String> done,
                             long alreadyReceived, long planned) throws IOException, DeltaException {
        ChunkIndex idx = p.index();
        long[] off = idx.offsets();
        MessageDigest partSha = FastCdc.sha256();
        MessageDigest chunkSha = FastCdc.sha256();
        byte[] buf = new byte[idx.params().maxSize()];
        long sinceCheckpoint = 0;
        try (FileChannel active = p.active() == null ? null : FileChannel.open(p.active(), StandardOpenOption.READ);
             FileChannel target = FileChannel.open(p.target(), StandardOpenOption.READ)) {
            for (int i = 0; i < idx.count(); i++) {
                int len = idx.lengths()[i];
                switch (plan.source[i]) {
                    case ChunkPlan.FROM_TARGET -> readAt(target, off[i], buf, len);
                    case ChunkPlan.FROM_ACTIVE -> readAt(active, plan.activeOffset[i], buf, len);
                    default -> remote.readFully(buf, 0, len);
                }
                chunkSha.update(buf, 0, len);
                if (!Arrays.equals(chunkSha.digest(), idx.hashes()[i])) {
                    if (plan.source[i] == ChunkPlan.FROM_ACTIVE && plan.fromCache) {
                        cache.drop(p.activeSha256());      // the next attempt chunks the slot itself
                    }
                    throw new DeltaException("delta: chunk " + i + " of " + p.name() + " (bytes " + off[i] + "-"
                            + (off[i] + len - 1) + ") " + switch (plan.source[i]) {
                                case ChunkPlan.FROM_TARGET -> "in the target slot no longer matches its checkpoint";
                                case ChunkPlan.FROM_ACTIVE -> "changed in the active slot while reading it";
                                default -> "from the server does not match its SHA-256 in the signed index";
                            });
                }
                sink.write(buf, 0, len);
                partSha.update(buf, 0, len);
                if (plan.source[i] == ChunkPlan.FROM_NETWORK) {
                    board.bytes(attemptId, alreadyReceived + remote.networkBytes(), planned);
                    sinceCheckpoint += len;
                }
                if (sinceCheckpoint >= checkpointBytes && sink instanceof SlotWriter w) {
                    // the bytes are on the medium before the checkpoint claims them
                    w.force();
                    store.save(new DeltaCheckpoint(identity.url(), identity.validator(), identity.manifestSha256(),
                            identity.activeSlot(), identity.targetSlot(), done, p.name(), i + 1, off[i + 1]));
                    sinceCheckpoint = 0;
                }
            }
        }
        String hex = HexFormat.of().formatHex(partSha.digest());
        if (p.part().sha256() != null && !p.part().sha256().equalsIgnoreCase(hex)) {
            throw new DeltaException("delta: " + p.name() + " assembled from verified chunks has SHA-256 " + hex
                    + ", the manifest says " + p.part().sha256() + " (an index that does not describe its part)");
        }
        return hex;
    }

    /** The new contents' indexes, for the next update; only those of the two slots' contents are kept. */
    private void remember(List<DeltaPart> parts) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        for (DeltaPart p : parts) {
            keep.add(p.part().sha256().toLowerCase());
            if (p.activeSha256() != null) {
                keep.add(p.activeSha256());
            }
            try {
                cache.save(p.part().sha256().toLowerCase(), p.index());
            } catch (IOException e) {
                LOG.warn("cannot cache the chunk index of {}: {}", p.name(), e.getMessage());
            }
        }
        cache.keepOnly(keep);
    }

    private static void readAt(FileChannel ch, long pos, byte[] buf, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("slot ends before byte " + (pos + len));
            }
        }
    }

}
