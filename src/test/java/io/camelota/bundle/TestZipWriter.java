package io.camelota.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Emits local headers, data, descriptors and the central directory as a list of stream pieces. The records
 * are the bundle tool's ({@link ZipRecords}); what stays here is what the tool must never write: deflated
 * entries, data descriptors, headers that lie, and generated content streamed lazily (256 MiB+ bundles).
 */
final class TestZipWriter {

    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private long offset;
    private int count;

    void entry(String fullName, int method, Content c, byte[] extra, boolean descriptor, boolean descSig) {
        entry(fullName, method, c, extra, descriptor, descSig, null, null);
    }

    void entry(String fullName, int method, Content c, byte[] extra, boolean descriptor, boolean descSig,
               Long crcOverride, Long usizeOverride) {
        byte[] name = fullName.getBytes(StandardCharsets.UTF_8);
        extra = extra == null ? new byte[0] : extra;
        long crc = c.digests().crc();
        byte[] data = null;
        long csize = c.size;
        if (method == 8) {
            data = deflate(c.bytes);
            csize = data.length;
        } else if (c.bytes != null) {
            data = c.bytes;
        }
        int flags = descriptor ? ZipRecords.FLAG_DESCRIPTOR : 0;
        long hCrc = crcOverride != null ? crcOverride : descriptor ? 0 : crc;
        long hCsize = descriptor ? 0 : csize;
        long hUsize = usizeOverride != null ? usizeOverride : descriptor ? 0 : c.size;
        long headerOffset = offset;
        // the local header may lie (overrides, zeros before a descriptor); the central record tells the truth
        add(ZipRecords.localHeader(new ZipRecords.Header(name, extra, flags, method, 0, hCrc, hCsize, hUsize, 0)));
        if (data != null) {
            add(data);
        } else {
            pieces.add(c.open);
            offset += c.size;
        }
        if (descriptor) {
            add(ZipRecords.descriptor(crcOverride != null ? crcOverride : crc, csize, c.size, descSig));
        }
        central.writeBytes(ZipRecords.centralHeader(
                new ZipRecords.Header(name, extra, flags, method, 0, crc, csize, c.size, headerOffset)));
        count++;
    }

    void centralDirectory() {
        byte[] cd = central.toByteArray();
        long cdOffset = offset;
        add(cd);
        add(ZipRecords.end(count, cd.length, cdOffset));
    }

    InputStream stream() {
        List<Supplier<InputStream>> list = List.copyOf(pieces);
        return new SequenceInputStream(Collections.enumeration(list.stream()
                .map(s -> (InputStream) new LazyStream(s)).toList()));
    }

    private void add(byte[] b) {
        pieces.add(() -> new ByteArrayInputStream(b));
        offset += b.length;
    }

    private static byte[] deflate(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("generated content can only be stored");
        }
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static record Digests(long crc, String sha1, String sha256) {
    }

    /** Entry content: bytes when small, or a re-openable generator; digests computed once, lazily. */
    static final class Content {
        final long size;
        final Supplier<InputStream> open;
        final byte[] bytes;
        private Digests digests;

        Content(long size, Supplier<InputStream> open, byte[] bytes) {
            this.size = size;
            this.open = open;
            this.bytes = bytes;
        }

        Digests digests() {
            if (digests == null) {
                try (InputStream in = open.get()) {
                    CRC32 crc = new CRC32();
                    MessageDigest s1 = MessageDigest.getInstance("SHA-1");
                    MessageDigest s256 = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        crc.update(buf, 0, n);
                        s1.update(buf, 0, n);
                        s256.update(buf, 0, n);
                    }
                    digests = new Digests(crc.getValue(), HexFormat.of().formatHex(s1.digest()),
                            HexFormat.of().formatHex(s256.digest()));
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            return digests;
        }
    }

    /** Opens its piece only when first read, so generated content is produced while the reader consumes it. */
    private static final class LazyStream extends InputStream {
        private final Supplier<InputStream> open;
        private InputStream in;

        LazyStream(Supplier<InputStream> open) {
            this.open = open;
        }

        private InputStream in() {
            if (in == null) {
                in = open.get();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }
    }
}
