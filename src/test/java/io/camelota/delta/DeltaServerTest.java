package io.camelota.delta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers that do not serve ranges as nginx does: the device falls back to a full download by itself, and
 * a server that sends wrong or malformed range data gets a clear error, with the running slot untouched.
 */
class DeltaServerTest {

    private static final int SIZE = 2 << 20;

    @TempDir
    Path dir;

    private final byte[] v1 = DeltaFixture.random(SIZE, 11);
    private final byte[] v2 = DeltaFixture.edited(v1, 30_000, 5_000, 200_000, 900_000, 1_700_000);

    private byte[] bundle() throws Exception {
        return Files.readAllBytes(DeltaFixture.bundle(dir, "fw.zip", v2, true));
    }

    private StatusBoard.Snapshot install(RangeServer server, DeltaFixture fx) {
        fx.agent.checkNow(server.url());
        return fx.agent.status();
    }

    private void assertInstalled(DeltaFixture fx, StatusBoard.Snapshot st) throws Exception {
        assertThat(st.state()).as(st.message()).isEqualTo(UpdateState.SUCCESS);
        assertThat(fx.slot(1, v2.length)).isEqualTo(v2);
        assertThat(fx.agent.bootState().activeSlot()).isEqualTo(1);
        assertThat(fx.slot(0, v1.length)).isEqualTo(v1);
    }

    private void assertRefused(DeltaFixture fx, StatusBoard.Snapshot st, String message) throws Exception {
        assertThat(st.state()).isEqualTo(UpdateState.ERROR);
        assertThat(st.message()).contains(message);
        assertThat(fx.slot(0, v1.length)).as("active slot never written").isEqualTo(v1);
        BootState boot = fx.agent.bootState();
        assertThat(boot.activeSlot()).as("target not activated").isZero();
        assertThat(boot.committed()).isTrue();
        assertThat(boot.activeContent() == null ? null : boot.activeContent().version()).isNotEqualTo("1.1");
    }

    @Test
    void aServerThatIgnoresRangeGetsOneFullDownload() throws Exception {
        byte[] zip = bundle();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.IGNORE_RANGE);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            StatusBoard.Snapshot st = install(server, fx);
            assertInstalled(fx, st);
            // its 200 to the head Range says it all: no delta, no second request, every byte once
            assertThat(server.requests).hasSize(1);
            assertThat(st.bytesReceived()).isEqualTo(zip.length);
        }
    }

    @Test
    void aServerThatAnswersOnlySingleRangesGetsOneRangePerRequest() throws Exception {
        byte[] zip = bundle();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.SINGLE_RANGE_ONLY);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            StatusBoard.Snapshot st = install(server, fx);
            assertInstalled(fx, st);
            // head, the refused multi-range request (aborted), then one request per range
            assertThat(server.requests.get(0)).isEqualTo("bytes=0-262143");
            assertThat(server.requests.get(1)).contains(",");
            assertThat(server.requests.subList(2, server.requests.size())).hasSizeGreaterThanOrEqualTo(3)
                    .noneMatch(r -> r.contains(","));
            assertThat(server.rangeBytes.get()).isLessThan(zip.length / 2);
        }
    }

    @Test
    void aBundleChangedAfterTheHeadIsDownloadedInFull() throws Exception {
        byte[] zip = bundle();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.CHANGES_AFTER_HEAD);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            StatusBoard.Snapshot st = install(server, fx);
            // If-Range no longer matches: 200, never taken as range data; a plain GET of the whole bundle follows
            assertInstalled(fx, st);
            assertThat(server.requests.get(server.requests.size() - 1)).isEqualTo("-");
            assertThat(st.bytesReceived()).isEqualTo(zip.length);
        }
    }

    @Test
    void wrongBytesForARangeAreAClearErrorAndTouchNothing() throws Exception {
        try (RangeServer server = new RangeServer(bundle(), RangeServer.Mode.CORRUPT_RANGES);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            assertRefused(fx, install(server, fx), "from the server does not match its SHA-256 in the signed index");
        }
    }

    @Test
    void aMultipartAnswerWithAMissingPartIsAnError() throws Exception {
        try (RangeServer server = new RangeServer(bundle(), RangeServer.Mode.MULTIPART_MISSING);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            assertRefused(fx, install(server, fx), "multipart answer is missing parts");
        }
    }

    @Test
    void aMultipartAnswerWithAnExtraPartIsAnError() throws Exception {
        try (RangeServer server = new RangeServer(bundle(), RangeServer.Mode.MULTIPART_EXTRA);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            assertRefused(fx, install(server, fx), "multipart answer has more parts than the");
        }
    }

    @Test
    void anIndexWithParametersThisDeviceDoesNotChunkWithMeansTheSameStreamInstallsInFull() throws Exception {
        ChunkIndex real = ChunkIndex.of(new java.io.ByteArrayInputStream(v2), CdcParams.DEFAULT);
        // a future tool's choice: 8 MiB maximum chunks (more than this device verifies in RAM)
        byte[] index = IndexCodec.encode(new ChunkIndex(new CdcParams(16 << 10, 64 << 10, 8 << 20, 1), v2.length, 0,
                real.lengths(), real.hashes()));
        byte[] zip = TestBundles.builder().name("app").platform("ubuntu").version("1.1").buildId("b")
                .file("fw.bin.cdx", index).part("app", "app", "fw.bin", v2)
                .partAttr("app", "delta_index", "fw.bin.cdx")
                .partAttr("app", "delta_index_sha256", TestBundles.sha256Hex(index)).build();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.HONOR);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            StatusBoard.Snapshot st = install(server, fx);
            assertInstalled(fx, st);
            // the head, then the rest of the same bundle: every byte once, no chunk requests
            assertThat(server.requests).containsExactly("bytes=0-262143", "bytes=262144-");
            assertThat(st.bytesReceived()).isEqualTo(zip.length);
        }
    }

    @Test
    void aSignedButAbsurdIndexIsRefusedBeforeAnythingIsWritten() throws Exception {
        ChunkIndex real = ChunkIndex.of(new java.io.ByteArrayInputStream(v2), CdcParams.DEFAULT);
        byte[] index = IndexCodec.encode(real);
        java.nio.ByteBuffer.wrap(index).putInt(44, 5_000_000);     // chunk count: far more than 2 MiB / 16 KiB
        byte[] zip = TestBundles.builder().name("app").platform("ubuntu").version("1.1").buildId("b")
                .file("fw.bin.cdx", index).part("app", "app", "fw.bin", v2)
                .partAttr("app", "delta_index", "fw.bin.cdx")
                .partAttr("app", "delta_index_sha256", TestBundles.sha256Hex(index)).build();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.HONOR);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            assertRefused(fx, install(server, fx), "Invalid delta index fw.bin.cdx: delta index: 5000000 chunks for");
            assertThat(java.nio.file.Files.exists(fx.agent.slot(1))).as("no slot byte written").isFalse();
        }
    }

    @Test
    void anIndexWhoseDigestDiffersFromTheManifestIsRefused() throws Exception {
        byte[] index = IndexCodec.encode(ChunkIndex.of(new java.io.ByteArrayInputStream(v2), CdcParams.DEFAULT));
        byte[] tampered = index.clone();
        tampered[60] ^= 1;     // one bit of the first chunk's hash
        byte[] zip = TestBundles.builder().name("app").platform("ubuntu").version("1.1").buildId("b")
                .file("fw.bin.cdx", tampered).part("app", "app", "fw.bin", v2)
                .partAttr("app", "delta_index", "fw.bin.cdx")
                .partAttr("app", "delta_index_sha256", TestBundles.sha256Hex(index)).build();
        try (RangeServer server = new RangeServer(zip, RangeServer.Mode.HONOR);
             DeltaFixture fx = DeltaFixture.start(dir.resolve("data"), v1, Map.of())) {
            assertRefused(fx, install(server, fx), "Delta index fw.bin.cdx does not match the manifest");
            assertThat(server.requests).hasSize(1);
        }
    }
}
