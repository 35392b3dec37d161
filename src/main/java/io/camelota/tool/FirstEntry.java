package io.camelota.tool;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The first local entry of a zip file, read the way a device reads it (from the local header, not the central
 * directory). Needed because java.util.zip.ZipFile only exposes the central directory's extra field, while the
 * device — a streaming parser — uses the local one. Only what inspect/sign need; not a bundle reader.
 */
record FirstEntry(String name, int flags, int method, int dosDateTime, long crc, long compressedSize, long size,
                  byte[] extra, byte[] data) {

    /** The device buffers the manifest in RAM; anything this big is not a manifest. */
    private static final long MAX_MANIFEST = 1 << 20;

    /** The name after the device drops everything up to and including the first '/'. */
    String strippedName() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    boolean crcMatches() {
        CRC32 c = new CRC32();
        c.update(data);
        return crc == 0 || c.getValue() == crc;                    // header CRC 0 disables the check (§4.1)
    }

    static FirstEntry read(Path zip) throws IOException {
        try (InputStream raw = Files.newInputStream(zip); DataInputStream in = new DataInputStream(raw)) {
            byte[] h = new byte[30];
            in.readFully(h);
            if (u32(h, 0) != 0x04034B50L) {
                throw new IOException(zip + ": not a zip local file header at offset 0");
            }
            int flags = u16(h, 6);
            int method = u16(h, 8);
            long crc = u32(h, 14);
            long csize = u32(h, 18);
            long size = u32(h, 22);
            byte[] name = new byte[u16(h, 26)];
            byte[] extra = new byte[u16(h, 28)];
            in.readFully(name);
            in.readFully(extra);
            if (method != 0 || csize != size || (flags & 8) != 0) {
                throw new IOException(zip + ": first entry is not stored with sizes in its local header"
                        + " (method " + method + ", flags 0x" + Integer.toHexString(flags) + ")");
            }
            if (size > MAX_MANIFEST) {
                throw new IOException(zip + ": first entry is " + size + " bytes, too big for a manifest");
            }
            byte[] data = new byte[(int) size];
            in.readFully(data);
            int dosDateTime = u16(h, 12) << 16 | u16(h, 10);
            return new FirstEntry(new String(name, StandardCharsets.UTF_8), flags, method, dosDateTime, crc, csize,
                    size, extra, data);
        } catch (EOFException e) {
            throw new IOException(zip + ": truncated zip", e);
        }
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xFFFFFFFFL;
    }
}
