package io.camelota.delta;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunk index of one part: how the tool cut it and what each chunk hashes to. Chunk offsets are implicit
 * (the sum of the lengths before), so an index cannot even express overlapping chunks or gaps.
 *
 * @param params     the chunker parameters the part was cut with
 * @param partSize   the part's size; the lengths sum to it
 * @param dataOffset where the part's data starts in the bundle, counted from the end of this index's own
 *                   entry data (the bundle is stored, so a chunk is a byte range of the fw.zip)
 * @param lengths    chunk lengths, in order
 * @param hashes     SHA-256 of each chunk (32 bytes each)
 */
public record ChunkIndex(CdcParams params, long partSize, long dataOffset, int[] lengths, byte[][] hashes) {

    public int count() {
        return lengths.length;
    }

    /** Offsets of every chunk inside the part, plus the part size at the end (count + 1 entries). */
    public long[] offsets() {
        long[] o = new long[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            o[i + 1] = o[i] + lengths[i];
        }
        return o;
    }

    /** Chunks a whole part (the bundle tool's side). */
    public static ChunkIndex of(InputStream part, CdcParams params) throws IOException {
        List<Integer> lens = new ArrayList<>();
        List<byte[]> shas = new ArrayList<>();
        long size = new FastCdc(params).scan(part, Long.MAX_VALUE, (off, len, sha) -> {
            lens.add(len);
            shas.add(sha);
        });
        return new ChunkIndex(params, size, 0, lens.stream().mapToInt(Integer::intValue).toArray(),
                shas.toArray(new byte[0][]));
    }

    public ChunkIndex withDataOffset(long offset) {
        return new ChunkIndex(params, partSize, offset, lengths, hashes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkIndex c && params.equals(c.params) && partSize == c.partSize
                && dataOffset == c.dataOffset && Arrays.equals(lengths, c.lengths) && Arrays.deepEquals(hashes, c.hashes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengths) * 31 + Long.hashCode(partSize);
    }

    @Override
    public String toString() {
        return "ChunkIndex[" + count() + " chunks, " + partSize + " bytes, " + params + "]";
    }
}
