package io.camelota.bundle;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The uncompressed bytes of one entry, read straight from the {@link ZipSource}. It never returns more than
 * {@code limit} bytes (zip-bomb guard: the data past the limit is not even inflated into the caller's buffer)
 * and, once the data ends, checks sizes, the data descriptor and the CRC-32. Not thread-safe, one per entry.
 */
final class EntryInput implements AutoCloseable {

    static final String MALFORMED = "Malformed archive";

    private final ZipSource src;
    private final LocalHeader header;
    private final long limit;
    private final String tooLargeMessage;
    private final CRC32 crc = new CRC32();
    private final Inflater inflater;
    /** Compressed bytes not yet consumed: stored data left, or deflate input left when its size is known. */
    private long compressedLeft;
    private long count;
    private boolean done;
    /** Bytes of the source buffer handed to the inflater, and how many of them were already skipped. */
    private int fed;
    private int fedSkipped;

    private EntryInput(ZipSource src, LocalHeader header, long limit, String tooLargeMessage) {
        this.src = src;
        this.header = header;
        // a declared size is a promise too: inflating past it is the classic zip bomb
        this.limit = header.hasDescriptor() ? limit : Math.min(limit, header.uncompressedSize());
        this.tooLargeMessage = tooLargeMessage;
        this.inflater = header.method() == LocalHeader.DEFLATED ? new Inflater(true) : null;
        this.compressedLeft = header.hasDescriptor() ? -1 : header.compressedSize();
    }

    /**
     * Opens the entry's data. Rejects up front ({@code tooLargeMessage}) when the header already declares more
     * than {@code limit} bytes, so nothing is delivered for an entry that cannot pass.
     */
    static EntryInput open(ZipSource src, LocalHeader header, long limit, String tooLargeMessage)
            throws BundleException {
        header.checkContainer();
        if (!header.hasDescriptor() && header.uncompressedSize() > limit) {
            throw new BundleException(tooLargeMessage);
        }
        return new EntryInput(src, header, limit, tooLargeMessage);
    }

    /**
     * Opens a stored entry whose first {@code delivered} bytes were read in an earlier attempt: the source
     * continues after them, and {@link #prefix} must be fed exactly those bytes to restore the CRC state.
     */
    static EntryInput resume(ZipSource src, LocalHeader header, long limit, String tooLargeMessage, long delivered)
            throws BundleException {
        EntryInput e = open(src, header, limit, tooLargeMessage);
        if (e.inflater != null || delivered < 0 || delivered > header.compressedSize()) {
            throw new BundleException(MALFORMED);
        }
        e.compressedLeft -= delivered;
        e.count = delivered;
        return e;
    }

    /** Feeds bytes of the already delivered prefix to the CRC (resume only). */
    void prefix(byte[] b, int off, int len) {
        crc.update(b, off, len);
    }

    /** CRC-32 of the bytes delivered so far. */
    long crcValue() {
        return crc.getValue();
    }

    /** Reads 1..len bytes, or -1 once the entry's data ended and passed the size and CRC checks. */
    int read(byte[] b, int off, int len) throws IOException, BundleException {
        if (done) {
            return -1;
        }
        int n = inflater == null ? readStored(b, off, len) : readDeflated(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        crc.update(b, off, n);
        count += n;
        return n;
    }

    /** Uncompressed bytes returned so far. */
    long count() {
        return count;
    }

    private int readStored(byte[] b, int off, int len) throws IOException, BundleException {
        if (compressedLeft == 0) {
            return -1;
        }
        int n = src.read(b, off, (int) Math.min(len, compressedLeft));
        compressedLeft -= n;
        return n;
    }

    private int readDeflated(byte[] b, int off, int len) throws IOException, BundleException {
        long room = limit - count;
        if (room == 0) {
            // at the limit: the entry is fine only if the deflate stream ends without another byte
            byte[] probe = new byte[1];
            while (!inflater.finished()) {
                if (inflate(probe, 0, 1) > 0) {
                    throw new BundleException(tooLargeMessage);
                }
            }
            return -1;
        }
        int want = (int) Math.min(len, room);
        while (!inflater.finished()) {
            int n = inflate(b, off, want);
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    /** One inflate step on the source buffer; feeds input when needed. */
    private int inflate(byte[] b, int off, int len) throws IOException, BundleException {
        if (inflater.needsInput()) {
            feed();
        }
        try {
            int n = inflater.inflate(b, off, len);
            if (n == 0 && inflater.needsDictionary()) {
                throw new BundleException(MALFORMED);
            }
            int used = fed - inflater.getRemaining();
            src.skipBuffered(used - fedSkipped);
            fedSkipped = used;
            return n;
        } catch (DataFormatException e) {
            throw new BundleException(MALFORMED, e);
        }
    }

    /** Hands the buffered bytes (bounded by the known compressed size) to the inflater without copying. */
    private void feed() throws IOException, BundleException {
        if (compressedLeft >= 0) {
            compressedLeft -= fed;
            if (compressedLeft == 0) {
                throw new BundleException(MALFORMED); // deflate data runs past its declared size
            }
        }
        if (!src.fillIfEmpty()) {
            throw new BundleException(ZipSource.TRUNCATED);
        }
        int n = src.available();
        if (compressedLeft >= 0) {
            n = (int) Math.min(n, compressedLeft);
        }
        inflater.setInput(src.buffer(), src.position(), n);
        fed = n;
        fedSkipped = 0;
    }

    private void finish() throws IOException, BundleException {
        done = true;
        long expectedCrc = header.crc();
        if (inflater != null) {
            long compressed = inflater.getBytesRead();
            if (header.hasDescriptor()) {
                if (src.peekIntLE() == LocalHeader.DESCRIPTOR_SIG) {
                    src.readUInt32(); // the descriptor signature is optional
                }
                expectedCrc = src.readUInt32();
                long csize = src.readUInt32();
                long usize = src.readUInt32();
                if (csize != (compressed & 0xFFFFFFFFL) || usize != (count & 0xFFFFFFFFL)) {
                    throw new BundleException(MALFORMED);
                }
            } else if (compressed != header.compressedSize() || count != header.uncompressedSize()) {
                throw new BundleException(MALFORMED);
            }
        }
        // CRC 0 disables the check, as in the original (a writer that did not know it)
        if (expectedCrc != 0 && expectedCrc != crc.getValue()) {
            throw new BundleException("Invalid CRC");
        }
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
