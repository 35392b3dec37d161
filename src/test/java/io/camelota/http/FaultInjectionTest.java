package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.camelota.device.PollSchedule;
import io.camelota.app.TestAgent;
import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.slot.SlotWriter;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent against a {@link MisbehavingServer}: broken, stalled, lying and hostile
 * downloads. Whatever happens, slot 0 keeps its bytes and the boot state is either unchanged
 * (slot 0, committed) or correctly advanced (slot 1, uncommitted) after a verified install.
 */
class FaultInjectionTest {

    private static final String ETAG = "\"fw-1.1-abc\"";
    private static byte[] bundle;
    private static byte[] factory;

    @TempDir
    Path tmp;

    private MisbehavingServer server;

    @BeforeAll
    static void bundles() {
        byte[] app = TestBundles.randomBytes(300_000, 42);
        bundle = TestBundles.builder().version("1.1").buildId("20261201-000000/fault")
                .part("app", "app", "app.bin", app).build();
        factory = TestBundles.randomBytes(50_000, 1);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private record Outcome(StatusBoard.Snapshot status, BootState boot, boolean slot0Intact, PollSchedule schedule) {
    }

    private MisbehavingServer server() throws Exception {
        server = new MisbehavingServer(bundle, ETAG);
        return server;
    }

    private Outcome check(Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("update.retry_backoff_ms", "50");
        props.put("update.retries", "3");
        props.putAll(extra);
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), props)) {
            String factorySha = agent.writeFactoryImage(factory);
            agent.start();
            server.clientReceived(() -> agent.status().bytesReceived());
            agent.checkNow(server.url());
            boolean intact = factorySha.equals(SlotWriter.sha256(agent.slot(0), factory.length));
            PollSchedule schedule = agent.context().getRegistry().lookupByNameAndType("otaPollSchedule",
                    PollSchedule.class);
            return new Outcome(agent.status(), agent.bootState(), intact, schedule);
        }
    }

    private Outcome check() throws Exception {
        return check(Map.of());
    }

    private static void assertInstalled(Outcome o) {
        assertThat(o.status().state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(o.status().message()).isEqualTo("Update applied, finalizing");
        assertThat(o.status().result()).isEqualTo(1);
        assertThat(o.slot0Intact()).as("slot 0 bytes").isTrue();
        assertThat(o.boot().activeSlot()).isEqualTo(1);
        assertThat(o.boot().revertSlot()).isZero();
        assertThat(o.boot().committed()).isFalse();
        assertThat(o.boot().slots().get(1).version()).isEqualTo("1.1");
    }

    private static void assertRefused(Outcome o) {
        assertThat(o.status().state()).isEqualTo(UpdateState.ERROR);
        assertThat(o.slot0Intact()).as("slot 0 bytes").isTrue();
        assertThat(o.boot().activeSlot()).isZero();
        assertThat(o.boot().committed()).isTrue();
        assertThat(o.boot().slots()).as("slot 1 never recorded as bootable").doesNotContainKey(1);
    }

    @Test
    void resetMidBodyIsResumedWithRangeAndIfRange() throws Exception {
        server().on(1, Fault.resetAfter(100_000));
        Outcome o = check();
        assertInstalled(o);
        assertThat(server.requests()).as(server.lines().toString()).hasSize(2);
        MisbehavingServer.Request resume = server.requests().get(1);
        assertThat(resume.header("Range")).isEqualTo("bytes=100000-");
        assertThat(resume.header("If-Range")).isEqualTo(ETAG);
        assertThat(o.status().bytesReceived()).isEqualTo(bundle.length);
    }

    @Test
    void cleanCloseMidBodyIsResumed() throws Exception {
        server().on(1, Fault.closeAfter(120_000));
        Outcome o = check();
        assertInstalled(o);
        assertThat(server.rangeRequests()).as(server.lines().toString()).hasSize(1);
        assertThat(server.rangeRequests().get(0).header("Range")).isEqualTo("bytes=120000-");
        assertThat(server.rangeRequests().get(0).header("If-Range")).isEqualTo(ETAG);
    }

    @Test
    void aStallMidBodyIsResumedBeforeTheWatchdogFires() throws Exception {
        // the rule: read timeout = update.timeout / 2 (5 s), the watchdog at update.timeout (10 s)
        // without a byte: the stalled read fails first and is resumed, 5 s before the watchdog
        server().on(1, Fault.stallAfter(100_000));
        Outcome o = check(Map.of("update.timeout", "10"));
        assertInstalled(o);
        assertThat(server.rangeRequests()).hasSize(1);
        assertThat(server.rangeRequests().get(0).header("Range")).isEqualTo("bytes=100000-");
    }

    @Test
    void contentLengthLargerThanTheBodyStillInstallsAVerifiedBundle() throws Exception {
        // The server claims 1000 bytes more than it has and then holds the connection. The bundle
        // reader stops at the central directory (protocol §3: completion is the zip parser's, not
        // the byte count's) and every part was hashed, so the bundle installs; the attempt still
        // ends, because closing the body is bounded by the read timeout.
        server().otherwise(Fault.lengthDelta(1000));
        Outcome o = check(Map.of("update.timeout", "2"));
        assertInstalled(o);
        assertThat(server.rangeRequests()).isEmpty();
    }

    @Test
    void contentLengthSmallerThanTheBodyIsAnError() throws Exception {
        server().on(1, Fault.lengthDelta(-50_000));
        Outcome o = check();
        assertRefused(o);
        assertThat(o.status().message()).isEqualTo("Not all data was processed");
        assertThat(o.status().result()).isEqualTo(-1);
        assertThat(server.rangeRequests()).as("a body that ends at its Content-Length is complete").isEmpty();
    }

    @Test
    void serverIgnoringRangeAfterABreakFailsWithoutAppending() throws Exception {
        server().on(1, Fault.closeAfter(100_000)).on(2, Fault.ignoreRange());
        Outcome o = check();
        assertRefused(o);
        assertThat(o.status().message()).startsWith("Server did not resume the download");
        assertThat(o.status().result()).isEqualTo(-1);
        assertThat(server.requests()).hasSize(2);
        assertThat(o.status().bytesReceived()).as("nothing appended after the break").isEqualTo(100_000);
    }

    @Test
    void resumeWithWrongContentRangeIsRefused() throws Exception {
        server().on(1, Fault.closeAfter(100_000)).on(2, Fault.wrongContentRange());
        Outcome o = check();
        assertRefused(o);
        assertThat(o.status().message()).startsWith("Invalid Content-Range");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void breaksOnEveryRequestGiveUpAfterUpdateRetriesResumes() throws Exception {
        server().otherwise(Fault.closeAfter(20_000));
        Outcome o = check(Map.of("update.retries", "3"));
        assertRefused(o);
        assertThat(o.status().message()).startsWith("Download failed: ");
        assertThat(o.status().result()).isEqualTo(-1);
        assertThat(server.rangeRequests()).as(server.lines().toString()).hasSize(3);
        assertThat(server.requests()).hasSize(4);
        assertThat(server.rangeRequests()).extracting(r -> r.header("Range"))
                .containsExactly("bytes=20000-", "bytes=40000-", "bytes=60000-");
        assertThat(o.status().bytesReceived()).isEqualTo(80_000);
    }

    @Test
    void a503OnTheRangeRequestIsRetriedWithinTheBound() throws Exception {
        server().on(1, Fault.closeAfter(100_000)).on(2, Fault.status(503));
        Outcome o = check();
        assertInstalled(o);
        assertThat(server.rangeRequests()).as(server.lines().toString()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Range")).isEqualTo("bytes=100000-"));
    }

    @Test
    void zeroRetriesMeansNoResume() throws Exception {
        server().on(1, Fault.closeAfter(100_000));
        Outcome o = check(Map.of("update.retries", "0"));
        assertRefused(o);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void status500IsNotRetriedWithinTheAttempt() throws Exception {
        server().otherwise(Fault.status(500));
        Outcome o = check();
        assertRefused(o);
        assertThat(o.status().message()).isEqualTo("Invalid HTTP response code");
        assertThat(o.status().result()).isEqualTo(-500);
        assertThat(server.requests()).hasSize(1);
        assertThat(o.schedule().failures()).isEqualTo(1);
    }

    @Test
    void status503WithRetryAfterPostponesThePollSchedule() throws Exception {
        server().otherwise(Fault.status(503, "120"));
        Instant before = Instant.now();
        Outcome o = check();
        Instant after = Instant.now();
        assertRefused(o);
        assertThat(o.status().message()).isEqualTo("Invalid HTTP response code");
        assertThat(o.status().result()).isEqualTo(-503);
        assertThat(server.requests()).hasSize(1);
        Instant notBefore = o.schedule().notBefore();
        assertThat(notBefore).isBetween(before.plus(Duration.ofSeconds(120)), after.plus(Duration.ofSeconds(120)));
        assertThat(o.schedule().failures()).as("Retry-After replaces the exponential backoff").isZero();
    }

    @Test
    void anAbsurdRetryAfterIsIgnoredAndTheResultStaysMinus503() throws Exception {
        server().otherwise(Fault.status(503, Long.toString(Long.MAX_VALUE)));
        Outcome o = check();
        assertRefused(o);
        assertThat(o.status().message()).isEqualTo("Invalid HTTP response code");
        assertThat(o.status().result()).isEqualTo(-503);
        assertThat(o.schedule().failures()).as("backs off as for any failure").isEqualTo(1);
    }

    @Test
    void redirectLoopStopsAtTheHopLimit() throws Exception {
        server().otherwise(Fault.redirectLoop());
        Outcome o = check(Map.of("update.max_redirects", "5"));
        assertRefused(o);
        assertThat(o.status().message()).isEqualTo("Too many redirects");
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void slowDripThenStallTimesOutAfterItsResumes() throws Exception {
        // a byte a second keeps both timers alive; then each stall fails the read at 3 s
        // (update.timeout / 2), the one resume drips and stalls again, and the attempt ends there —
        // 3 s before the watchdog (6 s after the last byte) could
        server().otherwise(Fault.drip(2));
        Outcome o = check(Map.of("update.timeout", "6", "update.retries", "1"));
        assertRefused(o);
        assertThat(o.status().result()).isEqualTo(-1);
        assertThat(o.status().message()).isEqualTo("Update timed out");
        assertThat(server.requests()).as(server.lines().toString()).hasSize(2);
        assertThat(server.requests().get(1).header("Range")).isEqualTo("bytes=2-");
        assertThat(o.status().bytesReceived()).isEqualTo(4);
    }

    @Test
    void chunkedBodyWithoutContentLengthInstallsWithUnknownPercent() throws Exception {
        server().otherwise(Fault.chunked());
        Outcome o = check();
        assertInstalled(o);
        assertThat(o.status().progressPercent()).isNull();
        assertThat(o.status().bytesTotal()).isNull();
        assertThat(o.status().bytesReceived()).isEqualTo(bundle.length);
        assertThat(server.requests()).hasSize(1);
    }
}
