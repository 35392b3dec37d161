package io.camelota.bundle;

import static io.camelota.bundle.BundleReaderTest.APP;
import static io.camelota.bundle.BundleReaderTest.twoParts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rejection rule, with the exact user-visible message. */
class BundleReaderErrorsTest {

    private final RecordingHandler handler = new RecordingHandler();

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] zip) {
        return assertRejected(zip, BundleLimits.defaults());
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] zip, BundleLimits limits) {
        return assertThatThrownBy(() -> new BundleReader(limits).read(new ByteArrayInputStream(zip), handler))
                .isInstanceOf(BundleException.class);
    }

    private static int indexOf(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }

    // --- container -------------------------------------------------------------------------------------

    @Test
    void emptyBody() {
        assertRejected(new byte[0]).hasMessage("Empty bundle");
    }

    @Test
    void garbageInsteadOfAHeader() {
        assertRejected("HTTP/1.1 404 Not Found\r\n".getBytes(StandardCharsets.US_ASCII))
                .hasMessage("Malformed archive (invalid file header)");
    }

    @Test
    void garbageBetweenEntries() {
        byte[] zip = concat(twoParts().noCentralDirectory().build(), "junkjunk".getBytes(StandardCharsets.US_ASCII));
        assertRejected(zip).hasMessage("Malformed archive (invalid file header)");
    }

    @Test
    void streamEndsBeforeTheCentralDirectory() {
        assertRejected(twoParts().noCentralDirectory().build()).hasMessage("Not all data was processed");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 40, 500, 100_000, 366_000})
    void truncatedAnywhere(int length) {
        byte[] zip = twoParts().build();
        assertRejected(TestBundles.truncate(zip, Math.min(length, zip.length - 100)))
                .hasMessage("Not all data was processed");
        assertThat(handler.events).doesNotContain("end fs.img");
    }

    @Test
    void truncatedInsideADataDescriptorEntry() {
        byte[] zip = twoParts().dataDescriptor(true).build();
        assertRejected(TestBundles.truncate(zip, zip.length / 2)).hasMessage("Not all data was processed");
    }

    @Test
    void partFileMissingFromTheBundle() {
        assertRejected(twoParts().omitFile("fs.img").partAttr("fs", "cs_sha256", "00".repeat(32)).build()).hasMessage("Not all data was processed");
    }

    @Test
    void archiveWithoutEntries() {
        // just an end-of-central-directory record, as an empty zip is
        byte[] eocd = {0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertRejected(eocd).hasMessage("Manifest must be the first file");
    }

    @Test
    void unsupportedMethod() {
        assertRejected(twoParts().method("fw.bin", 12).build()).hasMessage("Cannot handle compressed .zip");
        assertRejected(twoParts().method("manifest.json", 14).build()).hasMessage("Cannot handle compressed .zip");
    }

    @Test
    void storedSizesDisagree() {
        assertRejected(twoParts().file("x.bin", new byte[100]).headerUncompressedSize("x.bin", 99).build())
                .hasMessage("Malformed archive");
    }

    @Test
    void storedEntryWithDataDescriptor() {
        assertRejected(twoParts().dataDescriptor(true).method("fw.bin", 0).build()).hasMessage("Malformed archive");
    }

    @Test
    void zip64SizesAreRefused() {
        assertRejected(twoParts().deflated(true).headerUncompressedSize("fw.bin", 0xFFFFFFFFL).build())
                .hasMessage("Malformed archive");
    }

    @Test
    void deflatedEntryShorterThanDeclared() {
        assertRejected(twoParts().deflated(true).file("x.bin", new byte[100])
                .headerUncompressedSize("x.bin", 110).build()).hasMessage("Malformed archive");
    }

    @Test
    void corruptDeflateData() {
        byte[] zip = twoParts().deflated(true).build();
        zip[indexOf(zip, "myapp-1.1/fw.bin") + "myapp-1.1/fw.bin".length()] = (byte) 0xFF; // reserved block type
        assertRejected(zip).hasMessage("Malformed archive");
    }

    // --- names --------------------------------------------------------------------------------------

    @Test
    void nameOf50BytesIsTooLongAnd49IsFine() throws Exception {
        String ok = "a".repeat(45) + ".bin";
        new BundleReader(BundleLimits.defaults())
                .read(new ByteArrayInputStream(twoParts().file(ok, new byte[1]).build()), handler);
        assertThat(handler.sizes).containsKey(ok);
        assertRejected(twoParts().file("a".repeat(46) + ".bin", new byte[1]).build()).hasMessage("Too long file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"top/../evil", "top/fs/../../evil", "top//etc/passwd", "top/fs\\x", "top/..", "top/a\0b"})
    void invalidNames(String fullName) {
        assertRejected(twoParts().file("x.bin", new byte[3]).fullName("x.bin", fullName).build())
                .hasMessage("Invalid file name");
        assertThat(handler.started).containsOnlyKeys("fw.bin", "fs.img"); // x.bin never reached the handler
    }

    @Test
    void manifestNotFirst() {
        assertRejected(twoParts().manifestNotFirst().build()).hasMessage("Manifest must be the first file");
        assertThat(handler.events).isEmpty();
    }

    // --- CRC, sizes, digests ------------------------------------------------------------------------

    @Test
    void wrongCrcOnManifest() {
        assertRejected(twoParts().headerCrc("manifest.json", 1).build()).hasMessage("Invalid CRC");
        assertThat(handler.manifest).isNull();
    }

    @Test
    void wrongCrcOnPartIsDetectedBeforeOnFileEnd() {
        assertRejected(twoParts().headerCrc("fw.bin", 1).build()).hasMessage("Invalid CRC");
        assertThat(handler.events).containsExactly("manifest", "start fw.bin");
    }

    @Test
    void wrongCrcInDataDescriptor() {
        assertRejected(twoParts().dataDescriptor(true).headerCrc("fs.img", 7).build()).hasMessage("Invalid CRC");
    }

    @Test
    void zeroCrcDisablesTheCheckAsInTheOriginal() throws Exception {
        new BundleReader(BundleLimits.defaults())
                .read(new ByteArrayInputStream(twoParts().headerCrc("fw.bin", 0).build()), handler);
        assertThat(handler.sizes).containsEntry("fw.bin", (long) APP.length);
    }

    @Test
    void partSizeLargerThanTheFile() {
        assertRejected(twoParts().partAttr("app", "size", APP.length + 1).build()).hasMessage("Size mismatch: fw.bin");
        assertThat(handler.events).containsExactly("manifest", "start fw.bin");
    }

    @Test
    void storedFileLargerThanItsPartIsRefusedBeforeAnyByteIsDelivered() {
        assertRejected(twoParts().partAttr("app", "size", APP.length - 1).build()).hasMessage("Entry too large: fw.bin");
        assertThat(handler.delivered).doesNotContainKey("fw.bin");
    }

    @Test
    void digestMismatch() {
        assertRejected(twoParts().partAttr("fs", "cs_sha256", "0".repeat(64)).build())
                .hasMessage("Digest mismatch: fs.img");
        assertThat(handler.events).doesNotContain("end fs.img");
    }

    @Test
    void entryOverMaxEntrySize() {
        assertRejected(twoParts().file("x.bin", new byte[2000]).build(), BundleLimits.defaults().withMaxEntrySize(1999))
                .hasMessage("Entry too large: fw.bin"); // fw.bin comes first and is larger still
        assertRejected(twoParts().file("x.bin", new byte[2000]).dataDescriptor(true).build(),
                BundleLimits.defaults().withMaxEntrySize(1999)).hasMessage("Entry too large: fw.bin");
    }

    @Test
    void manifestTooLarge() {
        byte[] zip = twoParts().build();
        BundleLimits small = BundleLimits.defaults().withMaxManifestBytes(100);
        assertRejected(zip, small).hasMessage("Manifest too large");
        assertRejected(twoParts().dataDescriptor(true).build(), small).hasMessage("Manifest too large");
    }

    // --- manifest content ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{\"platform\":", "", "{} {}",
            "{\"platform\":\"a\",\"platform\":\"b\",\"version\":\"1\",\"build_id\":\"x\",\"parts\":{\"p\":{}}}",
            "{\"platform\":\"a\",\"version\":\"1\",\"build_id\":\"x\",\"parts\":{\"p\":{\"size\":\"12\"}}}",
            "{\"platform\":\"a\",\"version\":\"1\",\"build_id\":\"x\",\"parts\":{\"p\":3}}"})
    void unparsableManifest(String json) {
        assertRejected(twoParts().rawManifest(json).build()).hasMessage("Failed to parse manifest");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"version\":\"1\",\"build_id\":\"x\",\"parts\":{\"p\":{}}}",
            "{\"platform\":\"a\",\"build_id\":\"x\",\"parts\":{\"p\":{}}}",
            "{\"platform\":\"a\",\"version\":\"1\",\"parts\":{\"p\":{}}}",
            "{\"platform\":\"a\",\"version\":\"1\",\"build_id\":\"x\"}",
            "{\"platform\":\"a\",\"version\":\"1\",\"build_id\":\"x\",\"parts\":{}}",
            "{\"platform\":\"a\",\"version\":\"1\",\"build_id\":\"x\",\"parts\":[{}]}",
            "{\"platform\":null,\"version\":\"1\",\"build_id\":\"x\",\"parts\":{\"p\":{}}}"})
    void requiredFieldMissing(String json) {
        assertRejected(twoParts().rawManifest(json).build()).hasMessage("Required manifest field missing");
    }

    @Test
    void sinkAndHandlerFailuresPropagate() {
        BundleHandler failing = new RecordingHandler() {
            @Override
            public PartSink onFileStart(String name, java.util.Optional<ManifestPart> part) {
                return (b, o, l) -> {
                    throw new IOException("disk full");
                };
            }
        };
        assertThatThrownBy(() -> new BundleReader(BundleLimits.defaults())
                .read(new ByteArrayInputStream(twoParts().build()), failing)).isInstanceOf(IOException.class)
                .hasMessage("disk full");
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("reset by peer");
            }
        };
        assertThatThrownBy(() -> new BundleReader(BundleLimits.defaults()).read(broken, handler))
                .isInstanceOf(IOException.class).hasMessage("reset by peer");
    }
}
