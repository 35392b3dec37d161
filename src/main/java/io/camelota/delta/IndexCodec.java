package io.camelota.delta;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link ChunkIndex} (big-endian):
 * <pre>
 *  0  4  magic "CODX"
 *  4  2  format version (1)
 *  6  1  chunker: 1 = FastCDC, gear hash, normalized level 2
 *  7  1  chunk digest: 1 = SHA-256
 *  8  4  min size     12  4  avg size     16  4  max size
 * 20  8  gear seed
 * 28  8  part size
 * 36  8  part data offset, from the end of this entry's data
 * 44  4  chunk count
 * 48  then per chunk: 4 length, 32 SHA-256   (36 bytes; 0.055 % of a 64 KiB chunk)
 * </pre>
 * The reader trusts nothing: the index arrives from the network, and although its digest was checked against
 * the signed manifest before it is parsed, a signed index made by a buggy tool must still not make the device
 * allocate, loop or read outside the part.
 */
public final class IndexCodec {

    static final byte[] MAGIC = "CODX".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int CHUNKER_FASTCDC = 1;
    static final int DIGEST_SHA256 = 1;
    static final int HEADER = 48;
    static final int PER_CHUNK = 36;

    private IndexCodec() {
    }

    public static byte[] encode(ChunkIndex index) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER + PER_CHUNK * index.count());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeByte(CHUNKER_FASTCDC);
            out.writeByte(DIGEST_SHA256);
            out.writeInt(index.params().minSize());
            out.writeInt(index.params().avgSize());
            out.writeInt(index.params().maxSize());
            out.writeLong(index.params().gearSeed());
            out.writeLong(index.partSize());
            out.writeLong(index.dataOffset());
            out.writeInt(index.count());
            for (int i = 0; i < index.count(); i++) {
                out.writeInt(index.lengths()[i]);
                out.write(index.hashes()[i]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);     // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** Size of the index of a part of {@code partSize} bytes at most (the limit a device reads up to). */
    public static long maxEncodedSize(long partSize, int minChunk) {
        return HEADER + PER_CHUNK * (maxChunks(partSize, minChunk));
    }

    /** Every chunk but the last is at least min long, so a part holds at most ceil(size / min) chunks. */
    static long maxChunks(long partSize, int minChunk) {
        return Math.max(1, (partSize + minChunk - 1) / minChunk);
    }

    /**
     * Parses and validates.
     *
     * @param expectedPartSize the manifest's size of the part this index describes
     * @throws DeltaException what is wrong, for the log and the status
     */
    public static ChunkIndex decode(byte[] raw, long expectedPartSize) throws DeltaException {
        if (raw.length < HEADER) {
            throw new DeltaException("delta index too short: " + raw.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DeltaException("not a delta index (bad magic)");
        }
        int version = b.getShort() & 0xffff;
        int chunker = b.get() & 0xff;
        int digest = b.get() & 0xff;
        if (version != VERSION || chunker != CHUNKER_FASTCDC || digest != DIGEST_SHA256) {
            throw new DeltaUnsupported("delta index format " + version + "/" + chunker + "/" + digest
                    + " not supported (this device reads " + VERSION + "/" + CHUNKER_FASTCDC + "/" + DIGEST_SHA256 + ")");
        }
        CdcParams params = new CdcParams(b.getInt(), b.getInt(), b.getInt(), b.getLong());
        String why = params.unsupportedReason();
        if (why != null) {
            throw new DeltaUnsupported("delta index chunker parameters not supported: " + why);
        }
        long partSize = b.getLong();
        long dataOffset = b.getLong();
        long count = b.getInt() & 0xffffffffL;
        if (partSize != expectedPartSize) {
            throw new DeltaException("delta index describes " + partSize + " bytes, the part has " + expectedPartSize);
        }
        if (dataOffset < 0) {
            throw new DeltaException("delta index: negative part data offset");
        }
        long limit = maxChunks(partSize, params.minSize());
        if (count > limit) {
            throw new DeltaException("delta index: " + count + " chunks for " + partSize + " bytes (at most " + limit
                    + " with a minimum chunk of " + params.minSize() + ")");
        }
        if (raw.length != HEADER + PER_CHUNK * count) {
            throw new DeltaException("delta index: " + raw.length + " bytes for " + count + " chunks (expected "
                    + (HEADER + PER_CHUNK * count) + ")");
        }
        int n = (int) count;
        int[] lengths = new int[n];
        byte[][] hashes = new byte[n][];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int len = b.getInt();
            if (len <= 0 || len > params.maxSize() || (i < n - 1 && len < params.minSize())) {
                throw new DeltaException("delta index: chunk " + i + " has length " + len + " (allowed "
                        + params.minSize() + ".." + params.maxSize() + ", the last one may be shorter)");
            }
            sum += len;
            if (sum > partSize) {
                throw new DeltaException("delta index: chunk " + i + " ends at " + sum + ", outside the part of "
                        + partSize + " bytes");
            }
            lengths[i] = len;
            hashes[i] = new byte[32];
            b.get(hashes[i]);
        }
        if (sum != partSize) {
            throw new DeltaException("delta index: chunks cover " + sum + " of the part's " + partSize + " bytes");
        }
        return new ChunkIndex(params, partSize, dataOffset, lengths, hashes);
    }
}
