package io.camelota.bundle;

import java.io.ByteArrayOutputStream;

/**
 * The byte layout of the zip records a bundle is made of (APPNOTE 4.3.7, 4.3.9, 4.3.12, 4.3.16), for
 * everything that writes bundles: the bundle tool and the tests' bundle builder (which also writes
 * the damaged variants a device must refuse, hence every field is the caller's to choose).
 * The reader parses the same records in {@link LocalHeader}.
 */
public final class ZipRecords {

    public static final int LOCAL_SIG = 0x04034B50;
    public static final int CENTRAL_SIG = 0x02014B50;
    public static final int END_SIG = 0x06054B50;
    public static final int DESCRIPTOR_SIG = 0x08074B50;
    public static final int STORED = 0;
    public static final int DEFLATED = 8;
    /** General purpose flag bit 3: CRC and sizes follow the data in a descriptor. */
    public static final int FLAG_DESCRIPTOR = 1 << 3;
    /** General purpose flag bit 11: the name is UTF-8. */
    public static final int FLAG_UTF8 = 1 << 11;

    private static final int VERSION_NEEDED = 20;
    private static final int VERSION_MADE_BY = (3 << 8) | 20;      // Unix, 2.0 — as Python's zipfile on Linux
    private static final long UNIX_REGULAR_FILE = 0100644L << 16;  // external attributes: rw-r--r-- file

    private ZipRecords() {
    }

    /**
     * One entry's header fields as written (a local header and its central record may differ: the tests
     * write local headers that lie).
     *
     * @param dosDateTime DOS date in the high 16 bits, DOS time in the low 16 bits (see {@link #dosDateTime})
     * @param offset      the local header's offset in the archive (central record only)
     */
    public record Header(byte[] name, byte[] extra, int flags, int method, int dosDateTime, long crc,
                         long compressedSize, long size, long offset) {
        public Header {
            extra = extra == null ? new byte[0] : extra;
        }
    }

    public static int dosDateTime(java.time.LocalDateTime t) {
        if (t.getYear() < 1980) {
            return (1 << 5 | 1) << 16;                              // 1980-01-01 00:00, the smallest DOS date
        }
        int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
        return date << 16 | time;
    }

    public static byte[] localHeader(Header h) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(30 + h.name().length + h.extra().length);
        le32(o, LOCAL_SIG);
        le16(o, VERSION_NEEDED);
        le16(o, h.flags());
        le16(o, h.method());
        le32(o, h.dosDateTime() & 0xFFFFFFFFL);                    // time, then date: little-endian halves
        le32(o, h.crc());
        le32(o, h.compressedSize());
        le32(o, h.size());
        le16(o, h.name().length);
        le16(o, h.extra().length);
        o.writeBytes(h.name());
        o.writeBytes(h.extra());
        return o.toByteArray();
    }

    /** The data descriptor after an entry's data (flag bit 3), with or without its optional signature. */
    public static byte[] descriptor(long crc, long compressedSize, long size, boolean signature) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(16);
        if (signature) {
            le32(o, DESCRIPTOR_SIG);
        }
        le32(o, crc);
        le32(o, compressedSize);
        le32(o, size);
        return o.toByteArray();
    }

    public static byte[] centralHeader(Header h) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(46 + h.name().length + h.extra().length);
        le32(o, CENTRAL_SIG);
        le16(o, VERSION_MADE_BY);
        le16(o, VERSION_NEEDED);
        le16(o, h.flags());
        le16(o, h.method());
        le32(o, h.dosDateTime() & 0xFFFFFFFFL);
        le32(o, h.crc());
        le32(o, h.compressedSize());
        le32(o, h.size());
        le16(o, h.name().length);
        le16(o, h.extra().length);
        le16(o, 0);                                                 // comment length
        le16(o, 0);                                                 // disk number
        le16(o, 0);                                                 // internal attributes
        le32(o, UNIX_REGULAR_FILE);
        le32(o, h.offset());
        o.writeBytes(h.name());
        o.writeBytes(h.extra());
        return o.toByteArray();
    }

    public static byte[] end(int entries, long centralSize, long centralOffset) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(22);
        le32(o, END_SIG);
        le16(o, 0);
        le16(o, 0);
        le16(o, entries);
        le16(o, entries);
        le32(o, centralSize);
        le32(o, centralOffset);
        le16(o, 0);                                                 // comment length
        return o.toByteArray();
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
