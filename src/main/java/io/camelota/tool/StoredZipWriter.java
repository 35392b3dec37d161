package io.camelota.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import io.camelota.bundle.PartSink;
import io.camelota.bundle.ZipRecords;

/**
 * A minimal zip writer for STORED entries whose CRC-32 and size are known before the data is written.
 * <p>
 * java.util.zip.ZipOutputStream cannot be used: for stored entries it wants size/CRC up front too, but it adds
 * no control over the extra field layout, and devices parse the local headers as a stream, so CRC and sizes
 * must be in the local header (flag bit 3 clear, no data descriptor) — which is what mos's own "ourzip" does.
 * No zip64: the device parser does not know it, so anything at or above 4 GiB is refused. The record layout
 * is {@link ZipRecords}, shared with the tests' bundle builder.
 */
final class StoredZipWriter {

    private static final long MAX_32 = 0xFFFFFFFFL;

    private final OutputStream out;
    private final int dosDateTime;
    private final List<ZipRecords.Header> entries = new ArrayList<>();
    private Entry open;
    private long written;

    /** @param dosDateTime as {@link ZipRecords#dosDateTime}, for every entry */
    StoredZipWriter(OutputStream out, int dosDateTime) {
        this.out = out;
        this.dosDateTime = dosDateTime;
    }

    void add(String name, byte[] extra, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        Entry e = begin(name, extra, crc.getValue(), data.length);
        e.write(data, 0, data.length);
        e.end();
    }

    /** Copies exactly {@code size} bytes of {@code data} as one entry (see {@link #begin}). */
    void add(String name, byte[] extra, long crc, long size, InputStream data) throws IOException {
        Entry e = begin(name, extra, crc, size);
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + ": source ended " + left + " bytes early (changed while writing?)");
            }
            e.write(buf, 0, n);
            left -= n;
        }
        e.end();
    }

    /**
     * Writes one entry's local header; its {@code size} bytes follow through the returned sink, and their CRC
     * must equal {@code crc} (checked at {@link Entry#end}, so a file that changed since its first pass fails
     * instead of making a bad zip).
     */
    Entry begin(String name, byte[] extra, long crc, long size) throws IOException {
        if (open != null) {
            throw new IllegalStateException(open.name + " is not finished");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] extraBytes = extra == null ? new byte[0] : extra;
        if (size >= MAX_32 || written >= MAX_32) {
            throw new IOException("bundle too large for a non-zip64 archive at " + name);
        }
        if (nameBytes.length > 0xFFFF || extraBytes.length > 0xFFFF) {
            throw new IOException("zip name or extra field too long: " + name);
        }
        int flags = nameBytes.length == name.length() ? 0 : ZipRecords.FLAG_UTF8;
        ZipRecords.Header h = new ZipRecords.Header(nameBytes, extraBytes, flags, ZipRecords.STORED, dosDateTime,
                crc, size, size, written);
        entries.add(h);
        write(ZipRecords.localHeader(h));
        open = new Entry(name, crc, size);
        return open;
    }

    /** Writes the central directory and the end record; does not close the underlying stream. */
    void finish() throws IOException {
        if (open != null) {
            throw new IllegalStateException(open.name + " is not finished");
        }
        long cdStart = written;
        if (cdStart >= MAX_32 || entries.size() > 0xFFFF) {
            throw new IOException("bundle too large for a non-zip64 archive");
        }
        for (ZipRecords.Header e : entries) {
            write(ZipRecords.centralHeader(e));
        }
        write(ZipRecords.end(entries.size(), written - cdStart, cdStart));
        out.flush();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    /** The data of the entry just begun. */
    final class Entry implements PartSink {
        private final String name;
        private final long crc;
        private final long size;
        private final CRC32 check = new CRC32();
        private long count;

        private Entry(String name, long crc, long size) {
            this.name = name;
            this.crc = crc;
            this.size = size;
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            if (count + len > size) {
                throw new IOException(name + ": more than its " + size + " bytes (changed while writing?)");
            }
            check.update(buf, off, len);
            out.write(buf, off, len);
            written += len;
            count += len;
        }

        void end() throws IOException {
            if (count != size) {
                throw new IOException(name + ": " + count + " of its " + size + " bytes (changed while writing?)");
            }
            if (check.getValue() != crc) {
                throw new IOException(name + ": content changed while writing (CRC mismatch)");
            }
            open = null;
        }
    }
}
