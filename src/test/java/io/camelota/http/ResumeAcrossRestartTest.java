package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.bundle.TestBundles;
import io.camelota.flash.CheckpointStore;
import io.camelota.flash.DownloadCheckpoint;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.slot.SlotWriter;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that breaks mid-body leaves download-state.json behind; a new agent on the same data
 * folder (a restart) resumes it with Range/If-Range instead of starting over, after re-hashing the
 * prefix already in slot 1.
 */
class ResumeAcrossRestartTest {

    private static final String ETAG = "\"fw-1.1-resume\"";
    private static byte[] app;
    private static byte[] bundle;
    private static byte[] factory;

    @TempDir
    Path tmp;

    private MisbehavingServer server;

    @BeforeAll
    static void bundles() {
        app = TestBundles.randomBytes(3 << 20, 7);
        bundle = TestBundles.builder().version("1.1").buildId("20261201-000000/resume")
                .part("app", "app", "app.bin", app).build();
        factory = TestBundles.randomBytes(50_000, 1);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path data() {
        return tmp.resolve("data");
    }

    private Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("update.retries", "0");
        p.put("update.timeout", "2");
        p.put("update.checkpoint_bytes", Integer.toString(256 << 10));
        return p;
    }

    private CheckpointStore store() {
        return new CheckpointStore(data().resolve("download-state.json"));
    }

    /** First agent: the server stalls after 60 % of the bundle, the attempt times out; returns the checkpoint. */
    private DownloadCheckpoint breakFirstAttempt() throws Exception {
        long stallAt = bundle.length * 6L / 10;
        server = new MisbehavingServer(bundle, ETAG).on(1, Fault.stallAfter(stallAt));
        try (TestAgent agent = TestAgent.on(data(), props())) {
            agent.writeFactoryImage(factory);
            agent.start();
            agent.checkNow(server.url());
            assertThat(agent.status().state()).isEqualTo(UpdateState.ERROR);
            assertThat(agent.bootState().activeSlot()).isZero();
        }
        DownloadCheckpoint cp = store().load().orElseThrow(() -> new AssertionError("no download-state.json"));
        assertThat(cp.offset()).as("claims only what was received").isPositive().isLessThanOrEqualTo(stallAt);
        assertThat(cp.url()).isEqualTo(server.url());
        assertThat(cp.validator()).isEqualTo(ETAG);
        assertThat(cp.targetSlot()).isEqualTo(1);
        return cp;
    }

    @Test
    void aRestartedAgentResumesTheBrokenDownloadFromTheCheckpoint() throws Exception {
        DownloadCheckpoint cp = breakFirstAttempt();
        try (TestAgent agent = TestAgent.on(data(), props()).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(agent.status().bytesReceived()).as("counted from N").isEqualTo(bundle.length);
            assertThat(agent.bootState().activeSlot()).isEqualTo(1);
            assertThat(agent.bootState().committed()).isFalse();
        }
        assertThat(server.requests()).as(server.lines().toString()).hasSize(2);
        MisbehavingServer.Request second = server.requests().get(1);
        assertThat(second.header("Range")).isEqualTo("bytes=" + cp.offset() + "-");
        assertThat(second.header("If-Range")).isEqualTo(ETAG);
        // what the server sent the second time: the rest from the checkpoint on (plus its headers), not the bundle
        long rest = bundle.length - cp.offset();
        assertThat(server.bytesWritten(2)).as("bytes served to the resume").isBetween(rest, rest + 1024);
        assertThat(SlotWriter.sha256(data().resolve("slot1.img"), app.length)).isEqualTo(TestBundles.sha256Hex(app));
        assertThat(Files.exists(store().file())).as("checkpoint dropped after the install").isFalse();
    }

    @Test
    void changedContentAnswers200ToIfRangeAndInstallsFromZero() throws Exception {
        breakFirstAttempt();
        byte[] app2 = TestBundles.randomBytes(1 << 20, 8);
        byte[] bundle2 = TestBundles.builder().version("1.2").buildId("20261202-000000/resume")
                .part("app", "app", "app.bin", app2).build();
        server.serve(bundle2, "\"fw-1.2\"");
        try (TestAgent agent = TestAgent.on(data(), props()).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(agent.bootState().slots().get(1).version()).isEqualTo("1.2");
        }
        assertThat(server.requests().get(1).header("If-Range")).isEqualTo(ETAG);
        assertThat(SlotWriter.sha256(data().resolve("slot1.img"), app2.length)).isEqualTo(TestBundles.sha256Hex(app2));
        assertThat(Files.exists(store().file())).isFalse();
    }

    @Test
    void aCorruptedSlotPrefixIsADigestMismatchAndDropsTheCheckpoint() throws Exception {
        breakFirstAttempt();
        try (FileChannel ch = FileChannel.open(data().resolve("slot1.img"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 1000);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            ch.write(one, 1000);
        }
        try (TestAgent agent = TestAgent.on(data(), props()).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().state()).isEqualTo(UpdateState.ERROR);
            assertThat(agent.status().message()).isEqualTo("Digest mismatch: app.bin");
            assertThat(agent.bootState().activeSlot()).isZero();
            assertThat(agent.bootState().committed()).isTrue();
            assertThat(agent.bootState().slots()).doesNotContainKey(1);
        }
        assertThat(Files.exists(store().file())).as("checkpoint dropped").isFalse();
    }

    @Test
    void aKillMidBodyLeavesACheckpointTheNextAgentResumes() throws Exception {
        long stallAt = bundle.length / 2;
        server = new MisbehavingServer(bundle, ETAG).on(1, Fault.stallAfter(stallAt));
        Map<String, String> slow = props();
        slow.put("update.timeout", "30");
        TestAgent first = TestAgent.on(data(), slow);
        first.writeFactoryImage(factory);
        first.start();
        Thread check = new Thread(() -> first.checkNow(server.url()), "check");
        check.setDaemon(true);
        check.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (store().load().map(cp -> cp.offset() < stallAt - (512 << 10)).orElse(true)) {
            assertThat(System.nanoTime()).as("a checkpoint near the stall point").isLessThan(deadline);
            Thread.sleep(50);
        }
        first.close(); // still "in progress": to the data folder this is a kill
        DownloadCheckpoint cp = store().load().orElseThrow();
        assertThat(cp.offset()).isPositive().isLessThanOrEqualTo(stallAt);
        try (TestAgent agent = TestAgent.on(data(), props()).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
        }
        MisbehavingServer.Request second = server.requests().get(1);
        assertThat(second.header("Range")).isEqualTo("bytes=" + cp.offset() + "-");
        assertThat(second.header("If-Range")).isEqualTo(ETAG);
        assertThat(SlotWriter.sha256(data().resolve("slot1.img"), app.length)).isEqualTo(TestBundles.sha256Hex(app));
    }

    @Test
    void a416ToTheResumeRangeDropsTheCheckpoint() throws Exception {
        breakFirstAttempt();
        server.on(2, Fault.status(416));
        try (TestAgent agent = TestAgent.on(data(), props()).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().result()).isEqualTo(-416);
            assertThat(agent.bootState().activeSlot()).isZero();
        }
        assertThat(server.requests().get(1).header("Range")).startsWith("bytes=");
        assertThat(Files.exists(store().file())).isFalse();
    }

    @Test
    void aResumedDownloadThatBreaksAgainResumesFromItsOwnOffset() throws Exception {
        DownloadCheckpoint cp = breakFirstAttempt();
        server.on(2, Fault.closeAfter(100_000));
        Map<String, String> retry = props();
        retry.put("update.retries", "2");
        retry.put("update.retry_backoff_ms", "50");
        try (TestAgent agent = TestAgent.on(data(), retry).start()) {
            agent.checkNow(server.url());
            assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(agent.status().bytesReceived()).isEqualTo(bundle.length);
        }
        assertThat(server.requests()).as(server.lines().toString()).hasSize(3);
        assertThat(server.requests().get(2).header("Range")).isEqualTo("bytes=" + (cp.offset() + 100_000) + "-");
        assertThat(SlotWriter.sha256(data().resolve("slot1.img"), app.length)).isEqualTo(TestBundles.sha256Hex(app));
    }
}
