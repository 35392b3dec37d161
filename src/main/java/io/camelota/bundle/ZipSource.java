package io.camelota.bundle;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bundle byte stream with one 64 KiB buffer. Own buffering (instead of BufferedInputStream) lets the
 * inflater work directly on the buffered bytes and hand back what it did not consume, which is how the end of
 * a data-descriptor entry is found without pushback streams. Nothing is read from the socket beyond one buffer
 * fill, so the reader never consumes much past the central directory signature.
 */
final class ZipSource {

    static final int BUFFER_SIZE = 64 * 1024;
    /** Used by everything that reaches the end of the stream too early. */
    static final String TRUNCATED = "Not all data was processed";

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int end;
    /** Bundle offset of the stream's first byte plus every byte read from it since (a resume starts at N). */
    private long streamOffset;

    ZipSource(InputStream in) {
        this(in, 0);
    }

    ZipSource(InputStream in, long startOffset) {
        this.in = in;
        this.streamOffset = startOffset;
    }

    /** Bundle offset of the next byte the reader will consume (what a resume point is made of). */
    long offset() {
        return streamOffset - (end - pos);
    }

    /** Makes at least {@code n} (at most the buffer size) bytes available; false when the stream ends first. */
    boolean ensure(int n) throws IOException {
        if (end - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        while (end < n) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                return false;
            }
            end += r;
            streamOffset += r;
        }
        return true;
    }

    /** True when no byte at all is left (used to tell an empty body from a truncated one). */
    boolean atEof() throws IOException {
        return !ensure(1);
    }

    int available() {
        return end - pos;
    }

    /** Reads more when the buffer is empty; false at end of stream. */
    boolean fillIfEmpty() throws IOException {
        return end > pos || ensure(1);
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    void skipBuffered(int n) {
        if (n < 0 || n > end - pos) {
            throw new IllegalArgumentException("skip " + n);
        }
        pos += n;
    }

    int peekIntLE() throws IOException, BundleException {
        require(4);
        return (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
    }

    long readUInt32() throws IOException, BundleException {
        long v = peekIntLE() & 0xFFFFFFFFL;
        skipBuffered(4);
        return v;
    }

    int readUInt16() throws IOException, BundleException {
        require(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        skipBuffered(2);
        return v;
    }

    /** Reads exactly {@code len} bytes (a header field, at most 64 KiB). */
    byte[] readBytes(int len) throws IOException, BundleException {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            done += read(out, done, len - done);
        }
        return out;
    }

    /**
     * Reads 1..len bytes. Large reads into an empty buffer go straight from the socket to {@code dst},
     * saving a copy for stored entries; the caller bounds {@code len} so nothing beyond the entry is read.
     */
    int read(byte[] dst, int off, int len) throws IOException, BundleException {
        if (len == 0) {
            return 0;
        }
        if (end == pos && len >= buf.length / 2) {
            int r = in.read(dst, off, len);
            if (r < 0) {
                throw new BundleException(TRUNCATED);
            }
            streamOffset += r;
            return r;
        }
        require(1);
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, dst, off, n);
        skipBuffered(n);
        return n;
    }

    private void require(int n) throws IOException, BundleException {
        if (!ensure(n)) {
            throw new BundleException(TRUNCATED);
        }
    }
}
