package io.camelota.tool;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A minimal zip writer for STORED entries whose CRC-32 and size are known before the data is written.
 * <p>
 * java.util.zip.ZipOutputStream cannot be used: for stored entries it wants size/CRC up front too, but it adds
 * no control over the extra field layout, and devices parse the local headers as a stream, so CRC and sizes
 * must be in the local header (flag bit 3 clear, no data descriptor) — which is what mos's own "ourzip" does.
 * No zip64: the device parser does not know it, so anything at or above 4 GiB is refused.
 */
final class StoredZipWriter implements Closeable {

    private static final int LOCAL_SIG = 0x04034B50;
    private static final int CENTRAL_SIG = 0x02014B50;
    private static final int END_SIG = 0x06054B50;
    private static final int VERSION_NEEDED = 20;
    private static final int VERSION_MADE_BY = (3 << 8) | 20;       // Unix, 2.0 — as Python's zipfile on Linux
    private static final int FLAG_UTF8 = 1 << 11;
    private static final long MAX_32 = 0xFFFFFFFFL;

    private record Central(byte[] name, byte[] extra, int flags, long crc, long size, long offset, int time, int date) {
    }

    private final OutputStream out;
    private final int dosTime;
    private final int dosDate;
    private final List<Central> entries = new ArrayList<>();
    private long written;

    /** @param dosDateTime DOS date in the high 16 bits, DOS time in the low 16 bits (as {@link #dosDateTime}) */
    StoredZipWriter(OutputStream out, int dosDateTime) {
        this.out = out;
        this.dosTime = dosDateTime & 0xFFFF;
        this.dosDate = dosDateTime >>> 16;
    }

    static int dosDateTime(java.time.LocalDateTime t) {
        if (t.getYear() < 1980) {
            return (1 << 5 | 1) << 16;                              // 1980-01-01 00:00, the smallest DOS date
        }
        int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
        return date << 16 | time;
    }

    void add(String name, byte[] extra, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        add(name, extra, crc.getValue(), data.length, new java.io.ByteArrayInputStream(data));
    }

    /**
     * Writes one entry; {@code size} bytes are copied from {@code data}, and their CRC must equal {@code crc}
     * (checked while copying, so a file that changed since its first pass fails instead of making a bad zip).
     */
    void add(String name, byte[] extra, long crc, long size, InputStream data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] extraBytes = extra == null ? new byte[0] : extra;
        if (size >= MAX_32 || written >= MAX_32) {
            throw new IOException("bundle too large for a non-zip64 archive at " + name);
        }
        if (nameBytes.length > 0xFFFF || extraBytes.length > 0xFFFF) {
            throw new IOException("zip name or extra field too long: " + name);
        }
        int flags = nameBytes.length == name.length() ? 0 : FLAG_UTF8;
        entries.add(new Central(nameBytes, extraBytes, flags, crc, size, written, dosTime, dosDate));

        ByteArrayOutputStream h = new ByteArrayOutputStream(30 + nameBytes.length + extraBytes.length);
        le32(h, LOCAL_SIG);
        le16(h, VERSION_NEEDED);
        le16(h, flags);
        le16(h, 0);                                                 // method: stored
        le16(h, dosTime);
        le16(h, dosDate);
        le32(h, crc);
        le32(h, size);                                              // compressed == uncompressed
        le32(h, size);
        le16(h, nameBytes.length);
        le16(h, extraBytes.length);
        h.write(nameBytes);
        h.write(extraBytes);
        write(h.toByteArray());

        CRC32 check = new CRC32();
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + ": source ended " + left + " bytes early (changed while writing?)");
            }
            check.update(buf, 0, n);
            out.write(buf, 0, n);
            written += n;
            left -= n;
        }
        if (check.getValue() != crc) {
            throw new IOException(name + ": content changed while writing (CRC mismatch)");
        }
    }

    /** Writes the central directory and the end record; does not close the underlying stream. */
    void finish() throws IOException {
        long cdStart = written;
        if (cdStart >= MAX_32 || entries.size() > 0xFFFF) {
            throw new IOException("bundle too large for a non-zip64 archive");
        }
        for (Central e : entries) {
            ByteArrayOutputStream h = new ByteArrayOutputStream(46 + e.name.length + e.extra.length);
            le32(h, CENTRAL_SIG);
            le16(h, VERSION_MADE_BY);
            le16(h, VERSION_NEEDED);
            le16(h, e.flags);
            le16(h, 0);
            le16(h, e.time);
            le16(h, e.date);
            le32(h, e.crc);
            le32(h, e.size);
            le32(h, e.size);
            le16(h, e.name.length);
            le16(h, e.extra.length);
            le16(h, 0);                                             // comment length
            le16(h, 0);                                             // disk number
            le16(h, 0);                                             // internal attributes
            le32(h, 0100644L << 16);                                // external: Unix rw-r--r-- regular file
            le32(h, e.offset);
            h.write(e.name);
            h.write(e.extra);
            write(h.toByteArray());
        }
        ByteArrayOutputStream h = new ByteArrayOutputStream(22);
        le32(h, END_SIG);
        le16(h, 0);
        le16(h, 0);
        le16(h, entries.size());
        le16(h, entries.size());
        le32(h, written - cdStart);
        le32(h, cdStart);
        le16(h, 0);                                                 // comment length
        write(h.toByteArray());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private static void le16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream o, long v) {
        le16(o, (int) (v & 0xFFFF));
        le16(o, (int) ((v >>> 16) & 0xFFFF));
    }
}
