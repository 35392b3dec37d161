package io.camelota.delta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundle tool's side: one chunk index per part, laid out as the writer lays out the zip
 * (manifest, every index, every part, all STORED without extra fields), so that each index can say where its
 * part's data starts relative to its own end. The device learns that offset from the signed index alone,
 * without a single extra request.
 */
public final class BundleIndexes {

    /** What the manifest says about an index: the two part fields {@code delta_index} and {@code delta_index_sha256}. */
    public static final String FIELD = "delta_index";
    public static final String FIELD_SHA256 = "delta_index_sha256";
    /** The index entry of part file {@code fw.bin} is {@code fw.bin.cdx}. */
    public static final String SUFFIX = ".cdx";

    /** One part file as it goes into the zip. */
    public record PartFile(String entryName, Path file) {
    }

    /** One encoded index and its entry name. */
    public record Encoded(String entryName, byte[] bytes, String sha256, ChunkIndex index) {
    }

    private BundleIndexes() {
    }

    /**
     * @param dir   the top folder with its slash ({@code app-1.1/}), the prefix of every entry name
     * @param parts in zip order
     */
    public static List<Encoded> build(String dir, List<PartFile> parts, CdcParams params) throws IOException {
        List<ChunkIndex> indexes = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (PartFile p : parts) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p.file()), 1 << 20)) {
                ChunkIndex i = ChunkIndex.of(in, params);
                indexes.add(i);
                sizes.add(i.partSize());
            }
        }
        List<Encoded> out = new ArrayList<>();
        for (int k = 0; k < parts.size(); k++) {
            long rel = 0;
            for (int j = k + 1; j < parts.size(); j++) {
                rel += localHeader(dir + indexName(parts.get(j).entryName()))
                        + IndexCodec.HEADER + (long) IndexCodec.PER_CHUNK * indexes.get(j).count();
            }
            for (int j = 0; j < k; j++) {
                rel += localHeader(dir + parts.get(j).entryName()) + sizes.get(j);
            }
            rel += localHeader(dir + parts.get(k).entryName());
            ChunkIndex placed = indexes.get(k).withDataOffset(rel);
            byte[] raw = IndexCodec.encode(placed);
            out.add(new Encoded(indexName(parts.get(k).entryName()), raw, sha256Hex(raw), placed));
        }
        return out;
    }

    public static String indexName(String partEntryName) {
        return partEntryName + SUFFIX;
    }

    /** A stored entry's local header without extra field: 30 fixed bytes and the name. */
    static long localHeader(String name) {
        return 30 + name.getBytes(StandardCharsets.UTF_8).length;
    }

    static String sha256Hex(byte[] b) {
        MessageDigest d = FastCdc.sha256();
        return HexFormat.of().formatHex(d.digest(b));
    }
}
