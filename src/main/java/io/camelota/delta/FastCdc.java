package io.camelota.delta;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * FastCDC (Xia et al., 2016/2020) with normalized chunking, level 2: a gear hash ({@code h = (h << 1) + G[b]})
 * cuts where its top bits are zero. Before the average a stricter mask (log2(avg) + 2 bits), after it a looser one
 * (log2(avg) - 2 bits), so chunk sizes cluster around the average. The cut depends only on the last 64 bytes,
 * so an insertion moves the cut points near it and none further away: the chunks after it keep their hashes.
 */
public final class FastCdc {

    /** Called once per chunk, in order. */
    @FunctionalInterface
    public interface ChunkListener {
        void chunk(long offset, int length, byte[] sha256) throws IOException;
    }

    private final CdcParams params;
    private final long[] gear;
    private final long maskSmall;
    private final long maskLarge;

    public FastCdc(CdcParams params) {
        String why = params.unsupportedReason();
        if (why != null) {
            throw new IllegalArgumentException("unsupported chunker parameters: " + why);
        }
        this.params = params;
        this.gear = Gear.table(params.gearSeed());
        int bits = Integer.numberOfTrailingZeros(params.avgSize());
        this.maskSmall = topBits(bits + 2);
        this.maskLarge = topBits(bits - 2);
    }

    private static long topBits(int n) {
        return n <= 0 ? 0 : -1L << (64 - n);
    }

    public CdcParams params() {
        return params;
    }

    /**
     * The length of the chunk starting at {@code start}, given {@code n} bytes available from there. A caller
     * that is not at the end of its data must offer at least {@code maxSize} bytes (else the cut would depend
     * on its buffering).
     */
    public int cut(byte[] b, int start, int n) {
        if (n <= params.minSize()) {
            return n;
        }
        int end = Math.min(n, params.maxSize());
        int normal = Math.min(end, params.avgSize());
        long h = 0;
        int i = params.minSize();
        for (; i < normal; i++) {
            h = (h << 1) + gear[b[start + i] & 0xff];
            if ((h & maskSmall) == 0) {
                return i + 1;
            }
        }
        for (; i < end; i++) {
            h = (h << 1) + gear[b[start + i] & 0xff];
            if ((h & maskLarge) == 0) {
                return i + 1;
            }
        }
        return end;
    }

    /**
     * Chunks the first {@code limit} bytes of {@code in} (fewer if it ends first), with one SHA-256 per chunk.
     * Memory: one buffer of a few maximum chunks, whatever the size of the data.
     *
     * @return the number of bytes chunked
     */
    public long scan(InputStream in, long limit, ChunkListener listener) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[Math.max(4 << 20, 4 * params.maxSize())];
        int have = 0;
        int pos = 0;
        long base = 0;
        long consumed = 0;
        boolean eof = false;
        while (true) {
            if (!eof && have - pos < params.maxSize()) {
                System.arraycopy(buf, pos, buf, 0, have - pos);
                have -= pos;
                base += pos;
                pos = 0;
                while (have < buf.length && consumed < limit) {
                    int n = in.read(buf, have, (int) Math.min(buf.length - have, limit - consumed));
                    if (n < 0) {
                        break;
                    }
                    have += n;
                    consumed += n;
                }
                eof = have < buf.length;
            }
            int avail = have - pos;
            if (avail == 0) {
                return base + pos;
            }
            int len = cut(buf, pos, avail);
            sha.update(buf, pos, len);
            listener.chunk(base + pos, len, sha.digest());
            pos += len;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
