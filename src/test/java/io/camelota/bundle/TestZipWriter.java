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

/** Emits local headers, data, descriptors and the central directory as a list of stream pieces. */
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
        int flags = descriptor ? 8 : 0;
        long hCrc = crcOverride != null ? crcOverride : descriptor ? 0 : crc;
        long hCsize = descriptor ? 0 : csize;
        long hUsize = usizeOverride != null ? usizeOverride : descriptor ? 0 : c.size;
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int32(h, 0x04034B50);
        int16(h, 20);
        int16(h, flags);
        int16(h, method);
        int32(h, 0);
        int32(h, hCrc);
        int32(h, hCsize);
        int32(h, hUsize);
        int16(h, name.length);
        int16(h, extra.length);
        h.writeBytes(name);
        h.writeBytes(extra);
        long headerOffset = offset;
        add(h.toByteArray());
        if (data != null) {
            add(data);
        } else {
            pieces.add(c.open);
            offset += c.size;
        }
        if (descriptor) {
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            if (descSig) {
                int32(d, 0x08074B50);
            }
            int32(d, crcOverride != null ? crcOverride : crc);
            int32(d, csize);
            int32(d, c.size);
            add(d.toByteArray());
        }
        int32(central, 0x02014B50);
        int16(central, 20);
        int16(central, 20);
        int16(central, flags);
        int16(central, method);
        int32(central, 0);
        int32(central, crc);
        int32(central, csize);
        int32(central, c.size);
        int16(central, name.length);
        int16(central, extra.length);
        int16(central, 0);
        int16(central, 0);
        int16(central, 0);
        int32(central, 0);
        int32(central, headerOffset);
        central.writeBytes(name);
        central.writeBytes(extra);
        count++;
    }

    void centralDirectory() {
        byte[] cd = central.toByteArray();
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        int32(end, 0x06054B50);
        int16(end, 0);
        int16(end, 0);
        int16(end, count);
        int16(end, count);
        int32(end, cd.length);
        int32(end, offset);
        int16(end, 0);
        add(cd);
        add(end.toByteArray());
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

    private static void int16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >> 8) & 0xFF);
    }

    private static void int32(ByteArrayOutputStream o, long v) {
        int16(o, (int) (v & 0xFFFF));
        int16(o, (int) ((v >> 16) & 0xFFFF));
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
