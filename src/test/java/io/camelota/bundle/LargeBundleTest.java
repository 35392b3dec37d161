package io.camelota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Zip bombs and a bundle far larger than any buffer. */
class LargeBundleTest {

    private static final int BOMB = 64 << 20;
    private static final int LIMIT = 1 << 20;
    private static byte[] zeros;

    @BeforeAll
    static void allocate() {
        zeros = new byte[BOMB];
    }

    private static void assertStopsAtLimit(byte[] zip, BundleLimits limits, String message, long limit) {
        RecordingHandler h = new RecordingHandler();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> new BundleReader(limits).read(new ByteArrayInputStream(zip), h))
                        .isInstanceOf(BundleException.class).hasMessage(message));
        assertThat(h.delivered.getOrDefault("fw.bin", 0L)).isLessThanOrEqualTo(limit);
        assertThat(h.events).doesNotContain("end fw.bin");
    }

    @Test
    void bombBeyondThePartSize() {
        byte[] zip = TestBundles.builder().part("app", "app", "fw.bin", zeros).partAttr("app", "size", LIMIT)
                .dataDescriptor(true).build();
        assertThat(zip.length).isLessThan(BOMB / 100); // it really is a bomb
        assertStopsAtLimit(zip, BundleLimits.defaults(), "Entry too large: fw.bin", LIMIT);
    }

    @Test
    void bombBeyondTheDeclaredUncompressedSize() {
        byte[] zip = TestBundles.builder().part("app", "app", "fw.bin", zeros)
                .deflated(true).headerUncompressedSize("fw.bin", 1000).build();
        assertStopsAtLimit(zip, BundleLimits.defaults(), "Entry too large: fw.bin", 1000);
    }

    @Test
    void bombBeyondMaxEntrySize() {
        byte[] zip = TestBundles.builder().part("app", "app", "x.bin", new byte[10]).file("fw.bin", zeros)
                .dataDescriptor(true).build();
        assertStopsAtLimit(zip, BundleLimits.defaults().withMaxEntrySize(LIMIT), "Entry too large: fw.bin", LIMIT);
    }

    @Test
    void manifestBomb() {
        byte[] zip = TestBundles.builder().rawManifest(zeros).part("app", "app", "x.bin", new byte[10])
                .dataDescriptor(true).build();
        assertStopsAtLimit(zip, BundleLimits.defaults(), "Manifest too large", 0);
    }

    @Test
    void entryExactlyAtTheLimitPasses() throws Exception {
        byte[] data = new byte[LIMIT];
        byte[] zip = TestBundles.builder().part("app", "app", "fw.bin", data).dataDescriptor(true).build();
        RecordingHandler h = new RecordingHandler();
        new BundleReader(BundleLimits.defaults().withMaxEntrySize(LIMIT)).read(new ByteArrayInputStream(zip), h);
        assertThat(h.sizes).containsEntry("fw.bin", (long) LIMIT);
    }

    @Test
    void sixtyFourMebibytePartStreamedFromAGenerator() throws Exception {
        long size = 64L << 20;
        Supplier<InputStream> content = TestBundles.generated(size, 42);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream in = content.get()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                expected.update(buf, 0, n);
            }
        }
        RecordingHandler h = new RecordingHandler();
        InputStream bundle = TestBundles.builder().part("app", "app", "fw.bin", size, content).buildStream();
        new BundleReader(BundleLimits.defaults()).read(bundle, h);
        assertThat(h.sha256).containsEntry("fw.bin", HexFormat.of().formatHex(expected.digest()));
        assertThat(h.sizes).containsEntry("fw.bin", size);
        assertThat(h.delivered).containsEntry("fw.bin", size);
        assertThat(h.largestChunk).isEqualTo(BundleReader.CHUNK_SIZE);
    }
}
