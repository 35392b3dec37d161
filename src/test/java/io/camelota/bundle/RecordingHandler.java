package io.camelota.bundle;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link BundleHandler} for tests: records every callback, counts delivered bytes per file and the largest
 * chunk, and keeps the bytes of small files. Reusable by other packages' tests.
 */
public class RecordingHandler implements BundleHandler {

    /** Files bigger than this are counted, not kept. */
    private static final long KEEP_LIMIT = 1 << 20;

    public Manifest manifest;
    public boolean continueAfterManifest = true;
    public final Set<String> skip = new HashSet<>();
    public final List<String> events = new ArrayList<>();
    public final Map<String, Optional<ManifestPart>> started = new LinkedHashMap<>();
    public final Map<String, Long> delivered = new LinkedHashMap<>();
    public final Map<String, ByteArrayOutputStream> data = new LinkedHashMap<>();
    public final Map<String, String> sha256 = new LinkedHashMap<>();
    public final Map<String, Long> sizes = new LinkedHashMap<>();
    public int largestChunk;
    public int writes;

    @Override
    public boolean onManifest(Manifest m) {
        manifest = m;
        events.add("manifest");
        return continueAfterManifest;
    }

    @Override
    public PartSink onFileStart(String name, Optional<ManifestPart> part) {
        events.add("start " + name);
        started.put(name, part);
        if (skip.contains(name)) {
            return null;
        }
        delivered.put(name, 0L);
        ByteArrayOutputStream keep = new ByteArrayOutputStream();
        data.put(name, keep);
        return (buf, off, len) -> {
            long total = delivered.merge(name, (long) len, Long::sum);
            largestChunk = Math.max(largestChunk, len);
            writes++;
            if (total <= KEEP_LIMIT) {
                keep.write(buf, off, len);
            }
        };
    }

    @Override
    public void onFileEnd(String name, long size, String sha256Hex) {
        events.add("end " + name);
        sizes.put(name, size);
        sha256.put(name, sha256Hex);
    }

    public byte[] bytes(String name) {
        return data.get(name).toByteArray();
    }
}
