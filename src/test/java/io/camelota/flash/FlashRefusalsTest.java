package io.camelota.flash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelota.bundle.TestBundles;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad bundles through the whole route: each ends in status error with its exact message, and neither slot 0
 * nor the boot state changes (the device still boots the factory firmware, committed).
 * One agent serves the class: a refusal must leave it as it was, which every test checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlashRefusalsTest {

    private static final String TOP = "app-1.1/";

    @TempDir
    static Path dir;
    private AgentFixture fx;
    private BundleServer server;
    private final AtomicInteger paths = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        server = new BundleServer();
        fx = AgentFixture.start(dir.resolve("data"), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
        server.close();
    }

    private static byte[] app() {
        return AgentFixture.pattern(20_000, 5);
    }

    private static TestBundles.Builder valid() {
        return TestBundles.builder().name("app").platform("ubuntu").version("1.1").buildId("20260301-120000/t")
                .part("app", "app", "fw.bin", app());
    }

    /** Serves the body, runs the check route, and returns the status after proving nothing changed. */
    private StatusBoard.Snapshot refuse(byte[] zip, boolean truncate) throws Exception {
        AgentFixture.Untouched before = fx.snapshot();
        String path = "/b" + paths.incrementAndGet() + ".zip";
        String url = truncate ? server.serveTruncated(path, zip, zip.length / 2) : server.serve(path, zip);
        fx.agent.checkNow(url);
        StatusBoard.Snapshot st = fx.agent.status();
        assertThat(st.state()).as(st.message()).isEqualTo(UpdateState.ERROR);
        assertThat(st.result()).isEqualTo(-1);
        fx.assertUntouched(before);
        return st;
    }

    private void refused(byte[] zip, String message) throws Exception {
        assertThat(refuse(zip, false).message()).isEqualTo(message);
    }

    @Test
    void manifestNotFirst() throws Exception {
        refused(valid().manifestNotFirst().build(), "Manifest must be the first file");
    }

    @Test
    void manifestNotJson() throws Exception {
        refused(valid().rawManifest("{\"platform\": \"ubuntu\", this is not json").build(), "Failed to parse manifest");
    }

    @Test
    void requiredFieldMissing() throws Exception {
        String noPlatform = """
                {"name": "app", "version": "1.1", "build_id": "x",
                 "parts": {"app": {"type": "app", "src": "fw.bin"}}}""";
        refused(valid().rawManifest(noPlatform).build(), "Required manifest field missing");
    }

    @Test
    void wrongPlatform() throws Exception {
        refused(valid().platform("esp32").build(), "Wrong platform");
    }

    @Test
    void badCrcOfManifest() throws Exception {
        refused(valid().headerCrc("manifest.json", 0x12345678L).build(), "Invalid CRC");
    }

    @Test
    void badCrcOfPart() throws Exception {
        refused(valid().headerCrc("fw.bin", 0x12345678L).build(), "Invalid CRC");
    }

    @Test
    void digestMismatch() throws Exception {
        refused(valid().partAttr("app", "cs_sha256", "00".repeat(32)).build(), "Digest mismatch: fw.bin");
    }

    @Test
    void sha1DigestMismatchWhenNoSha256() throws Exception {
        refused(valid().partAttr("app", "cs_sha256", null).partAttr("app", "cs_sha1", "00".repeat(20)).build(),
                "Digest mismatch: fw.bin");
    }

    @Test
    void partWithoutAnyDigestIsRefusedBeforeTheInactiveSlotIsOpened() throws Exception {
        // only the zip CRC guarded such a part; now it is refused right after the manifest
        Path slot1 = fx.agent.slot(1);
        byte[] slot1Before = Files.exists(slot1) ? Files.readAllBytes(slot1) : null;
        long modifiedBefore = Files.exists(slot1) ? Files.getLastModifiedTime(slot1).toMillis() : -1;
        refused(valid().partAttr("app", "cs_sha256", null).partAttr("app", "cs_sha1", null).build(),
                "Missing checksum for part app");
        assertThat(Files.exists(slot1) ? Files.readAllBytes(slot1) : null).isEqualTo(slot1Before);
        assertThat(Files.exists(slot1) ? Files.getLastModifiedTime(slot1).toMillis() : -1).isEqualTo(modifiedBefore);
    }

    @Test
    void bodyCutMidPart() throws Exception {
        byte[] zip = TestBundles.builder().version("1.1").part("app", "app", "fw.bin", AgentFixture.pattern(400_000, 9))
                .build();
        StatusBoard.Snapshot st = refuse(zip, true);
        assertThat(st.message()).startsWith("Download failed: ").doesNotContain("timed out");
        assertThat(st.bytesReceived()).isLessThan(zip.length);
    }

    @Test
    void partLongerThanItsDeclaredSize() throws Exception {
        Files.deleteIfExists(fx.agent.slot(1));
        byte[] data = app();
        refused(valid().partAttr("app", "size", data.length - 100).build(), "Entry too large: fw.bin");
        assertThat(fx.agent.slot(1)).as("refused before the slot was opened").doesNotExist();
    }

    @Test
    void zipBombStopsAtDeclaredSize() throws Exception {
        Files.deleteIfExists(fx.agent.slot(1));
        byte[] zeros = new byte[4 << 20];
        byte[] zip = TestBundles.builder().version("1.1").deflated(true)
                .part("app", "app", "fw.bin", zeros)
                .partAttr("app", "size", 1000)
                .headerUncompressedSize("fw.bin", 1000)
                .build();
        assertThat(zip.length).isLessThan(64 * 1024);
        refused(zip, "Entry too large: fw.bin");
        Path slot1 = fx.agent.slot(1);
        if (Files.exists(slot1)) {
            assertThat(Files.size(slot1)).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void tooLongFileName() throws Exception {
        String name = "x".repeat(46) + ".bin";
        refused(TestBundles.builder().version("1.1").part("app", "app", name, app()).build(), "Too long file name");
    }

    @Test
    void fileNameOf49BytesPassesTheNameRule() throws Exception {
        // the boundary of "< 50 bytes": the name passes and the entry is read to its end (then a wrong digest
        // stops it, so this shared agent stays on slot 0)
        String name = "x".repeat(45) + ".bin";
        refused(TestBundles.builder().version("1.1").part("app", "app", name, app())
                .partAttr("app", "cs_sha256", "00".repeat(32)).build(), "Digest mismatch: " + name);
    }

    @Test
    void dotDotInFileName() throws Exception {
        refused(TestBundles.builder().version("1.1").part("app", "app", "../evil.bin", app()).build(),
                "Invalid file name");
        assertThat(fx.agent.dataDir().resolveSibling("evil.bin")).doesNotExist();
        assertThat(fx.agent.dataDir().resolve("evil.bin")).doesNotExist();
    }

    @Test
    void manifestOver1MiB() throws Exception {
        refused(valid().attr("padding", "p".repeat(1 << 20)).build(), "Manifest too large");
    }

    @Test
    void noAppPart() throws Exception {
        refused(TestBundles.builder().version("1.1").part("fs", "fs", "fs.img", app()).build(),
                "Incomplete update package");
    }

    @Test
    void appPartListedButMissingFromZip() throws Exception {
        refused(valid().omitFile("fw.bin").partAttr("app", "cs_sha256", "00".repeat(32)).build(), "Not all data was processed");
    }

    @Test
    void emptyBody() throws Exception {
        refused(new byte[0], "Empty bundle");
    }

    @Test
    void garbageBody() throws Exception {
        refused("<html>not a zip</html>".getBytes(), "Malformed archive (invalid file header)");
    }

    @Test
    void partTooLargeForSlotIsRefusedBeforeAnyByteIsWritten(@TempDir Path own) throws Exception {
        try (AgentFixture small = AgentFixture.start(own.resolve("data"), Map.of("flash.slot_size", "1000"));
             BundleServer srv = new BundleServer()) {
            AgentFixture.Untouched before = small.snapshot();
            byte[] zip = TestBundles.builder().version("1.1").part("app", "app", "fw.bin", AgentFixture.pattern(5000, 1))
                    .build();
            small.agent.checkNow(srv.serve("/big.zip", zip));
            StatusBoard.Snapshot st = small.agent.status();
            assertThat(st.state()).isEqualTo(UpdateState.ERROR);
            assertThat(st.message()).isEqualTo("Part too large for slot: 5000 > 1000 bytes");
            Path slot1 = small.agent.slot(1);
            assertThat(!Files.exists(slot1) || Files.size(slot1) == 0).as("slot 1 absent or empty").isTrue();
            small.assertUntouched(before);
        }
    }
}
