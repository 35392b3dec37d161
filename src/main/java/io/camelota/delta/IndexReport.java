package io.camelota.delta;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.camelota.bundle.BundleException;
import io.camelota.bundle.Manifest;
import io.camelota.bundle.ManifestPart;
import io.camelota.bundle.PartSink;

/**
 * What {@code bundle inspect} checks of the chunk indexes, as a device would and a little more: each index's
 * digest against the manifest, its validity, that its part's data starts where it says, and that every chunk
 * hash matches the part's bytes. Prints chunks, average chunk size and the overhead.
 */
public final class IndexReport {

    /** A part whose bytes do not match its index (thrown through the bundle reader's sink). */
    public static final class Mismatch extends java.io.IOException {
        public Mismatch(String message) {
            super(message);
        }
    }

    private final PrintWriter out;
    private final Map<String, ManifestPart> byIndex = new HashMap<>();
    private final Map<String, ChunkIndex> byPart = new HashMap<>();
    private final Map<String, Long> expectedStart = new HashMap<>();
    private long indexBytes;
    private ByteArrayOutputStream collecting;
    private long collectingStart = -1;

    public IndexReport(PrintWriter out, Manifest m) {
        this.out = out;
        for (ManifestPart p : m.parts().values()) {
            var node = p.json() == null ? null : p.json().get(BundleIndexes.FIELD);
            if (node != null && node.isTextual()) {
                byIndex.put(node.asText(), p);
            }
        }
    }

    public boolean isIndex(String name) {
        return byIndex.containsKey(name);
    }

    /** The sink of an index entry. */
    public PartSink indexSink() {
        collecting = new ByteArrayOutputStream();
        collectingStart = -1;
        return (b, off, len) -> collecting.write(b, off, len);
    }

    /** Stored entries report where their data starts; the index's own start places its part. */
    public void dataStart(String name, long start) throws BundleException {
        if (collecting != null && collectingStart < 0) {
            collectingStart = start;
        }
        Long want = expectedStart.remove(name);
        if (want != null && want != start) {
            throw new BundleException("delta index of " + name + " places its data at byte " + want
                    + ", it starts at " + start);
        }
    }

    public void indexEnd(String name) throws BundleException {
        ManifestPart p = byIndex.get(name);
        byte[] raw = collecting.toByteArray();
        collecting = null;
        String sha = HexFormat.of().formatHex(FastCdc.sha256().digest(raw));
        var want = p.json().get(BundleIndexes.FIELD_SHA256);
        if (want == null || !sha.equalsIgnoreCase(want.asText())) {
            throw new BundleException("Delta index " + name + " does not match the manifest");
        }
        ChunkIndex idx;
        try {
            idx = IndexCodec.decode(raw, p.size() == null ? -1 : p.size());
        } catch (DeltaException e) {
            throw new BundleException("Invalid delta index " + name + ": " + e.getMessage());
        }
        indexBytes += raw.length;
        byPart.put(p.src(), idx);
        expectedStart.put(p.src(), collectingStart + raw.length + idx.dataOffset());
        CdcParams c = idx.params();
        out.printf("  %s: delta index of %s: %d chunks, average %.1f KiB (min %d, avg %d, max %d KiB), digest ok%n",
                name, p.src(), idx.count(), idx.partSize() / 1024.0 / Math.max(1, idx.count()), c.minSize() >> 10,
                c.avgSize() >> 10, c.maxSize() >> 10);
    }

    /** Wraps a part's sink so each chunk is checked against its index as the bytes pass. */
    public PartSink partSink(String name, PartSink inner) {
        ChunkIndex idx = byPart.get(name);
        if (idx == null) {
            return inner;
        }
        MessageDigest d = FastCdc.sha256();
        int[] at = {0};
        long[] inChunk = {0};
        return (b, off, len) -> {
            if (inner != null) {
                inner.write(b, off, len);
            }
            int o = off;
            int left = len;
            while (left > 0) {
                if (at[0] >= idx.count()) {
                    throw new Mismatch("part " + name + " is longer than its delta index");
                }
                int n = (int) Math.min(left, idx.lengths()[at[0]] - inChunk[0]);
                d.update(b, o, n);
                o += n;
                left -= n;
                inChunk[0] += n;
                if (inChunk[0] == idx.lengths()[at[0]]) {
                    if (!Arrays.equals(d.digest(), idx.hashes()[at[0]])) {
                        throw new Mismatch("chunk " + at[0] + " of " + name + " does not match its delta index");
                    }
                    at[0]++;
                    inChunk[0] = 0;
                }
            }
        };
    }

    public boolean hasIndexes() {
        return indexBytes > 0;
    }

    /** The closing line: index bytes against the whole bundle. */
    public void summary(long bundleSize) {
        if (indexBytes > 0) {
            out.printf("delta indexes:   %d bytes, %.3f %% of the bundle; every chunk matches its part%n", indexBytes,
                    indexBytes * 100.0 / bundleSize);
        }
    }
}
