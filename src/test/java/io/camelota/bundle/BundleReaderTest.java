package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BundleReaderTest {

    static final byte[] APP = bytes(300_000, 1);
    static final byte[] FS = bytes(65_536, 2);

    static byte[] bytes(int n, long seed) {
        byte[] b = TestBundles.randomBytes(n, seed);
        return b;
    }

    static TestBundles.Builder twoParts() {
        return TestBundles.builder().name("myapp").platform("ubuntu").version("1.1").buildId("b-7")
                .part("app", "app", "fw.bin", APP)
                .part("fs", "fs", "fs.img", FS)
                .partNoSrc("nvs", "nvs", 16384, 255);
    }

    static RecordingHandler read(byte[] zip) throws Exception {
        RecordingHandler h = new RecordingHandler();
        new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(zip), h);
        return h;
    }

    private static void assertBothPartsDelivered(RecordingHandler h) {
        assertThat(h.events).containsExactly("manifest", "start fw.bin", "end fw.bin", "start fs.img", "end fs.img");
        assertThat(h.bytes("fw.bin")).isEqualTo(APP);
        assertThat(h.bytes("fs.img")).isEqualTo(FS);
        assertThat(h.sha256).containsEntry("fw.bin", TestBundles.sha256Hex(APP))
                .containsEntry("fs.img", TestBundles.sha256Hex(FS));
        assertThat(h.sizes).containsEntry("fw.bin", 300_000L).containsEntry("fs.img", 65_536L);
        assertThat(h.started.get("fw.bin")).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("app"));
    }

    @Test
    void storedBundleIsDeliveredAndVerified() throws Exception {
        RecordingHandler h = read(twoParts().build());
        assertBothPartsDelivered(h);
        Manifest m = h.manifest;
        assertThat(m.name()).isEqualTo("myapp");
        assertThat(m.platform()).isEqualTo("ubuntu");
        assertThat(m.version()).isEqualTo("1.1");
        assertThat(m.buildId()).isEqualTo("b-7");
        assertThat(m.parts().keySet()).containsExactly("app", "fs", "nvs");
        assertThat(m.extraAttributes()).isEmpty();
    }

    @Test
    void deflatedEntriesWithSizesInHeader() throws Exception {
        assertBothPartsDelivered(read(twoParts().deflated(true).build()));
    }

    @Test
    void deflatedEntriesWithDataDescriptors() throws Exception {
        assertBothPartsDelivered(read(twoParts().dataDescriptor(true).build()));
    }

    @Test
    void dataDescriptorsWithoutTheOptionalSignature() throws Exception {
        assertBothPartsDelivered(read(twoParts().dataDescriptor(true).descriptorSignature(false).build()));
    }

    @Test
    void javaZipOutputStreamBundleIsRead() throws Exception {
        // what a generic streaming zip writer produces: DEFLATED, bit 3, descriptors with signature
        TestBundles.Builder b = twoParts();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            z.putNextEntry(new java.util.zip.ZipEntry("myapp-1.1/manifest.json"));
            z.write(b.manifestBytes());
            z.putNextEntry(new java.util.zip.ZipEntry("myapp-1.1/fw.bin"));
            z.write(APP);
            z.putNextEntry(new java.util.zip.ZipEntry("myapp-1.1/fs.img"));
            z.write(FS);
        }
        assertBothPartsDelivered(read(out.toByteArray()));
    }

    @Test
    void directoryEntriesAreSkippedAndTopFolderIsOptional() throws Exception {
        assertBothPartsDelivered(read(twoParts().directoryEntry(true).build()));
        assertBothPartsDelivered(read(twoParts().topFolder(null).build()));
    }

    @Test
    void onlyTheFirstSlashIsStripped() throws Exception {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        RecordingHandler h = read(twoParts().file("fs/x", x).build());
        assertThat(h.started).containsKey("fs/x");
        assertThat(h.started.get("fs/x")).isEmpty();
        assertThat(h.bytes("fs/x")).isEqualTo(x);
    }

    @Test
    void dataGoesToSinksInLargeChunks() throws Exception {
        RecordingHandler h = read(twoParts().build());
        assertThat(h.largestChunk).isGreaterThanOrEqualTo(32 * 1024);
        assertThat(h.writes).isLessThan(20);
    }

    @Test
    void skippedEntriesAreReadButNotDelivered() throws Exception {
        RecordingHandler h = new RecordingHandler();
        h.skip.add("fw.bin");
        new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(twoParts().build()), h);
        assertThat(h.events).containsExactly("manifest", "start fw.bin", "start fs.img", "end fs.img");
        assertThat(h.delivered).doesNotContainKey("fw.bin");
    }

    @Test
    void skippedEntriesAreStillCrcChecked() {
        RecordingHandler h = new RecordingHandler();
        h.skip.add("fw.bin");
        byte[] zip = twoParts().headerCrc("fw.bin", 0x12345678L).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new BundleReader(BundleLimits.defaults()).read(new ByteArrayInputStream(zip), h))
                .isInstanceOf(BundleException.class).hasMessage("Invalid CRC");
    }

    @Test
    void stopsAfterManifestWithoutConsumingTheRest() throws Exception {
        byte[] tail = new byte[4 << 20];
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(twoParts().build()),
                new ByteArrayInputStream(tail));
        RecordingHandler h = new RecordingHandler();
        h.continueAfterManifest = false;
        new BundleReader(BundleLimits.defaults()).read(in, h);
        assertThat(h.events).containsExactly("manifest");
        assertThat(in.readAllBytes().length).isGreaterThan(tail.length);
    }

    @Test
    void doesNotReadFarPastTheCentralDirectory() throws Exception {
        byte[] tail = new byte[4 << 20];
        Arrays.fill(tail, (byte) 0x55);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(twoParts().build()),
                new ByteArrayInputStream(tail));
        new BundleReader(BundleLimits.defaults()).read(in, new RecordingHandler());
        assertThat(in.readAllBytes().length).isGreaterThanOrEqualTo(tail.length - 64 * 1024);
    }

    @Test
    void manifestExtraFieldBecomesExtraAttributes() throws Exception {
        RecordingHandler h = read(twoParts().signatureAttrs(Map.of("sig0", "AAAA", "channel", "beta")).build());
        assertThat(h.manifest.extraAttributes()).containsOnly(Map.entry("sig0", "AAAA"), Map.entry("channel", "beta"));
    }

    @Test
    void otherExtraBlocksAreIgnoredAndBadJsonGivesEmptyAttributes() throws Exception {
        byte[] json = "{\"sig0\":\"QQ==\"}".getBytes(StandardCharsets.UTF_8);
        byte[] extra = new byte[8 + 4 + json.length];
        extra[0] = 0x55; extra[1] = 0x54; extra[2] = 4; // a 4-byte timestamp block first
        extra[8] = 0x3A; extra[9] = 0x29; extra[10] = (byte) json.length;
        System.arraycopy(json, 0, extra, 12, json.length);
        assertThat(read(twoParts().manifestExtraRaw(extra).build()).manifest.extraAttributes())
                .containsOnly(Map.entry("sig0", "QQ=="));

        byte[] bad = {0x3A, 0x29, 3, 0, '{', 'x', '['};
        assertThat(read(twoParts().manifestExtraRaw(bad).build()).manifest.extraAttributes()).isEmpty();
    }

    @Test
    void rawManifestBytesAreKeptExactly() throws Exception {
        TestBundles.Builder b = twoParts();
        assertThat(read(b.build()).manifest.rawBytes()).isEqualTo(b.manifestBytes());
    }

    @Test
    void emptyDataDescriptorEntry() throws Exception {
        RecordingHandler h = read(twoParts().file("empty.txt", new byte[0]).dataDescriptor(true).build());
        assertThat(h.sizes).containsEntry("empty.txt", 0L);
        assertThat(h.sha256).containsEntry("empty.txt", TestBundles.sha256Hex(new byte[0]));
    }

    @Test
    void partWithOnlySha1IsCheckedWithSha1() throws Exception {
        RecordingHandler h = read(twoParts().partAttr("app", "cs_sha256", null).build());
        assertThat(h.sha256).containsEntry("fw.bin", TestBundles.sha256Hex(APP));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                read(twoParts().partAttr("app", "cs_sha256", null).partAttr("app", "cs_sha1", "00".repeat(20)).build()))
                .hasMessage("Digest mismatch: fw.bin");
    }

    @Test
    void readsFromAStreamThatReturnsOneByteAtATime() throws Exception {
        byte[] zip = twoParts().dataDescriptor(true).build();
        InputStream trickle = new ByteArrayInputStream(zip) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        RecordingHandler h = new RecordingHandler();
        new BundleReader(BundleLimits.defaults()).read(trickle, h);
        assertBothPartsDelivered(h);
    }
}
