package io.camelota.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A ZIP local file header (the fixed part after the signature, name and extra field). Sizes and CRC are
 * unsigned 32-bit values; with flag bit 3 they are usually 0 and the real values follow the data.
 */
record LocalHeader(int flags, int method, long crc, long compressedSize, long uncompressedSize,
                   String rawName, byte[] extra) {

    static final int LOCAL_SIG = 0x04034B50;
    static final int CENTRAL_SIG = 0x02014B50;
    /** End of central directory: only seen first in an archive with no entries at all. */
    static final int END_SIG = 0x06054B50;
    static final int DESCRIPTOR_SIG = 0x08074B50;

    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DESCRIPTOR = 1 << 3;
    private static final long ZIP64_MARKER = 0xFFFFFFFFL;
    private static final int ZIP64_EXTRA_ID = 0x0001;

    /** Reads the header that follows a local header signature (already consumed). */
    static LocalHeader read(ZipSource src) throws IOException, BundleException {
        src.readUInt16(); // version needed: irrelevant, method and flags decide
        int flags = src.readUInt16();
        int method = src.readUInt16();
        src.readUInt32(); // DOS time + date
        long crc = src.readUInt32();
        long csize = src.readUInt32();
        long usize = src.readUInt32();
        int nameLen = src.readUInt16();
        int extraLen = src.readUInt16();
        // names are UTF-8 for every writer we care about (mos, Python zipfile); others decode lossily
        String name = new String(src.readBytes(nameLen), StandardCharsets.UTF_8);
        byte[] extra = src.readBytes(extraLen);
        return new LocalHeader(flags, method, crc, csize, usize, name, extra);
    }

    boolean hasDescriptor() {
        return (flags & FLAG_DESCRIPTOR) != 0;
    }

    boolean isDirectory() {
        return rawName.endsWith("/");
    }

    /**
     * Container rules that do not depend on the entry's role: supported method, no encryption, no Zip64,
     * stored sizes consistent and known up front.
     */
    void checkContainer() throws BundleException {
        if (method != STORED && method != DEFLATED) {
            throw new BundleException("Cannot handle compressed .zip");
        }
        if ((flags & FLAG_ENCRYPTED) != 0 || compressedSize == ZIP64_MARKER || uncompressedSize == ZIP64_MARKER
                || findExtra(ZIP64_EXTRA_ID) != null) {
            throw new BundleException("Malformed archive");
        }
        if (method == STORED && (hasDescriptor() || compressedSize != uncompressedSize)) {
            // a stored entry's end can only be found through its size: bit 3 leaves it unknown
            throw new BundleException("Malformed archive");
        }
    }

    /** The data of the first extra block with that id, or null. */
    byte[] findExtra(int headerId) {
        return ExtraField.find(extra, headerId);
    }
}
