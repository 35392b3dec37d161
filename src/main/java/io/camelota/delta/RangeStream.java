package io.camelota.delta;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a list of bundle ranges, in order, as one sequence: it asks the server for them in batches (up to
 * {@link #MAX_RANGES} ranges in one {@code multipart/byteranges} request, one range per request once a server
 * has shown it does not answer several), each request with {@code If-Range}. Only a 206 is ever taken as range
 * data; a 200 to a single range means the server ignores Range or the bundle changed: {@link DeltaUnsupported},
 * and the device downloads in full.
 */
final class RangeStream implements AutoCloseable {

    /** Ranges per request: about 25 header bytes each keeps the Range header under 2 KiB (servers cap headers at 4-8 KiB). */
    static final int MAX_RANGES = 64;

    private final RangeTransport transport;
    private final String validator;
    private final List<ByteRange> ranges;
    private final long bundleSize;
    private boolean multi = true;
    private int nextToAsk;
    /** The answer being read: its ranges, which one is current, how much of it is left. */
    private List<ByteRange> batch = List.of();
    private int inBatch;
    private long leftInRange;
    private InputStream body;
    private InputStream raw;
    private MultipartByteranges multipart;
    /** single-range answer: the range it covers and where its stream is */
    private long singlePos;
    private long singleEnd;
    private final long[] network = new long[1];
    private int requests;

    RangeStream(RangeTransport transport, String validator, List<ByteRange> ranges, long bundleSize) {
        this.transport = transport;
        this.validator = validator;
        this.ranges = ranges;
        this.bundleSize = bundleSize;
    }

    /** Bytes read from the network so far (range data, multipart headers, skipped gaps). */
    long networkBytes() {
        return network[0];
    }

    int requests() {
        return requests;
    }

    boolean usedMultipart() {
        return multi;
    }

    /** Reads exactly {@code len} next bytes of the concatenated ranges. */
    void readFully(byte[] buf, int off, int len) throws IOException, DeltaException {
        while (len > 0) {
            if (leftInRange == 0) {
                advance();
            }
            int n = body.read(buf, off, (int) Math.min(len, leftInRange));
            if (n < 0) {
                throw new IOException("range answer ended early");
            }
            off += n;
            len -= n;
            leftInRange -= n;
            singlePos += n;
        }
    }

    private void advance() throws IOException, DeltaException {
        if (body != null && inBatch < batch.size()) {
            ByteRange r = batch.get(inBatch++);
            if (multipart != null) {
                multipart.nextPart();
            } else {
                skip(r.start() - singlePos);
                singlePos = r.start();
            }
            leftInRange = r.length();
            return;
        }
        endAnswer();
        if (nextToAsk >= ranges.size()) {
            throw new IllegalStateException("read past the last range");
        }
        request();
        advance();
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            long s = body.skip(left);
            if (s <= 0) {
                if (body.read() < 0) {
                    throw new IOException("range answer ended early");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private void endAnswer() throws IOException, DeltaException {
        if (body == null) {
            return;
        }
        if (multipart != null) {
            multipart.finish();
        } else if (singlePos < singleEnd) {
            // a coalescing server sent more than asked: drop it rather than download it
            abortBody();
            return;
        }
        InputStream b = raw;
        body = null;
        raw = null;
        multipart = null;
        b.close();  // fully read: the connection goes back to the pool
    }

    private void request() throws IOException, DeltaException {
        int count = multi ? Math.min(MAX_RANGES, ranges.size() - nextToAsk) : 1;
        List<ByteRange> asked = new ArrayList<>(ranges.subList(nextToAsk, nextToAsk + count));
        StringBuilder header = new StringBuilder("bytes=");
        for (ByteRange r : asked) {
            header.append(header.length() > 6 ? "," : "").append(r.spec());
        }
        requests++;
        RangeTransport.Answer a = transport.get(header.toString(), validator);
        if (a.status() == 200) {
            transport.abort(a.body());
            if (count > 1) {
                // some servers (and CDNs) answer several ranges with the whole file: ask one at a time
                multi = false;
                request();
                return;
            }
            throw new DeltaUnsupported("the server answered 200 to a Range request (it ignores Range, or the bundle"
                    + " changed since its first answer)");
        }
        if (a.status() == 416) {
            transport.abort(a.body());
            throw new DeltaUnsupported("the server answered 416 to a Range request (the bundle changed)");
        }
        if (a.status() != 206) {
            transport.abort(a.body());
            throw new IOException("range request answered " + a.status());
        }
        raw = a.body();
        body = new BufferedInputStream(new Counting(raw, network), 64 << 10);
        batch = asked;
        inBatch = 0;
        if (MultipartByteranges.isMultipart(a.contentType())) {
            multipart = new MultipartByteranges(body, a.contentType(), asked, bundleSize);
        } else {
            ByteRange got = ByteRange.parseContentRange(a.contentRange(), bundleSize);
            // one range for several asked is allowed (a server may coalesce), if it covers them all
            if (got.start() > asked.get(0).start() || got.end() < asked.get(asked.size() - 1).end()) {
                abortBody();
                throw new DeltaException("206 answer is bytes " + got.spec() + ", asked for " + header.substring(6));
            }
            singlePos = got.start();
            singleEnd = got.end();
        }
        nextToAsk += count;
    }

    private void abortBody() {
        if (raw != null) {
            transport.abort(raw);
        }
        body = null;
        raw = null;
        multipart = null;
    }

    /** Ends whatever answer is open without reading the rest (a failure, or a single range longer than asked). */
    @Override
    public void close() {
        abortBody();
    }

    /** After the last range: ends the last answer cleanly (checks a multipart answer has nothing more). */
    void finish() throws IOException, DeltaException {
        endAnswer();
    }

    private static final class Counting extends FilterInputStream {
        private final long[] count;

        Counting(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count[0]++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count[0] += Math.max(0, s);
            return s;
        }
    }
}
