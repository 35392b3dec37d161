package io.camelota.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each chunk of a new part comes from: the target slot itself (proven by an earlier, interrupted attempt),
 * the active slot (found by chunking it with the index's parameters) or the network. Network chunks that touch
 * are merged into one range: they are consecutive in the stored bundle too.
 */
final class ChunkPlan {

    static final int FROM_TARGET = 0;
    static final int FROM_ACTIVE = 1;
    static final int FROM_NETWORK = 2;

    final int[] source;
    /** for FROM_ACTIVE: the offset in the active slot */
    final long[] activeOffset;
    final List<ByteRange> ranges;
    final long networkBytes;
    final long reusedBytes;
    /** the active slot's chunks came from a cached index (not from chunking it now) */
    boolean fromCache;

    private ChunkPlan(int[] source, long[] activeOffset, List<ByteRange> ranges, long networkBytes, long reusedBytes) {
        this.source = source;
        this.activeOffset = activeOffset;
        this.ranges = ranges;
        this.networkBytes = networkBytes;
        this.reusedBytes = reusedBytes;
    }

    static ChunkPlan of(DeltaPart p, int proven, IndexCache cache) throws IOException {
        ChunkIndex idx = p.index();
        ChunkIndex cached = p.active() == null ? null : cache.load(p.activeSha256(), idx.params());
        Map<ByteBuffer, Long> local = p.active() == null ? Map.of() : cached != null ? fromIndex(cached) : scanActive(p);
        int n = idx.count();
        long[] off = idx.offsets();
        int[] source = new int[n];
        long[] activeOffset = new long[n];
        List<ByteRange> ranges = new ArrayList<>();
        long network = 0;
        long reused = 0;
        for (int i = 0; i < n; i++) {
            Long at = i < proven ? null : local.get(ByteBuffer.wrap(idx.hashes()[i]));
            if (i < proven) {
                source[i] = FROM_TARGET;
                reused += idx.lengths()[i];
            } else if (at != null) {
                source[i] = FROM_ACTIVE;
                activeOffset[i] = at;
                reused += idx.lengths()[i];
            } else {
                source[i] = FROM_NETWORK;
                long start = p.dataStart() + off[i];
                long end = start + idx.lengths()[i];
                int last = ranges.size() - 1;
                if (last >= 0 && ranges.get(last).end() == start) {
                    ranges.set(last, new ByteRange(ranges.get(last).start(), end));
                } else {
                    ranges.add(new ByteRange(start, end));
                }
                network += idx.lengths()[i];
            }
        }
        ChunkPlan plan = new ChunkPlan(source, activeOffset, ranges, network, reused);
        plan.fromCache = cached != null;
        return plan;
    }

    private static Map<ByteBuffer, Long> fromIndex(ChunkIndex cached) {
        Map<ByteBuffer, Long> found = new HashMap<>();
        long[] off = cached.offsets();
        for (int i = 0; i < cached.count(); i++) {
            found.putIfAbsent(ByteBuffer.wrap(cached.hashes()[i]), off[i]);
        }
        return found;
    }

    /** Chunks the active slot (read only) and keeps the offsets of the chunks the new part wants. */
    private static Map<ByteBuffer, Long> scanActive(DeltaPart p) throws IOException {
        Set<ByteBuffer> wanted = new HashSet<>();
        for (byte[] h : p.index().hashes()) {
            wanted.add(ByteBuffer.wrap(h));
        }
        Map<ByteBuffer, Long> found = new HashMap<>();
        try (FileChannel ch = FileChannel.open(p.active(), StandardOpenOption.READ)) {
            new FastCdc(p.index().params()).scan(Channels.newInputStream(ch), p.activeBytes(), (off, len, sha) -> {
                ByteBuffer key = ByteBuffer.wrap(sha);
                if (wanted.contains(key)) {
                    found.putIfAbsent(key, off);
                }
            });
        }
        return found;
    }

}
