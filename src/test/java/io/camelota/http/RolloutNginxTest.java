package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import io.camelota.device.PollSchedule;
import io.camelota.app.TestAgent;
import io.camelota.bundle.TestBundles;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rollouts against a real nginx whose only rollout feature is {@code add_header X-OTA-Rollout N always}:
 * which device installs is decided on the device from its bucket (computed here independently, from the
 * definition), a deferred device aborts the body after the manifest and then polls with If-None-Match
 * (nginx answers 304, body bytes 0, with the header), and raising N on the server lets it in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class RolloutNginxTest {

    private static final String MAC = "0A1B2C3D4E5F"; // TestAgent's device.mac
    private static final String VERSION = "1.1";
    /** Big enough that socket buffers cannot hold it: a deferral's abort shows in $body_bytes_sent. */
    private static final int APP_BYTES = 48 << 20;

    @TempDir
    static Path tmp;
    private NginxServer nginx;
    private long bundleSize;
    private byte[] factory;

    @BeforeAll
    void start() throws Exception {
        nginx = NginxServer.start(tmp.resolve("nginx"), rollout("30"));
        byte[] zip = TestBundles.builder().platform("ubuntu").version(VERSION).buildId("20261201-000000/rollout")
                .part("app", "app", "fw.bin", TestBundles.randomBytes(APP_BYTES, 5)).build();
        Files.write(nginx.www().resolve("fw.zip"), zip);
        bundleSize = zip.length;
        factory = TestBundles.randomBytes(10_000, 9);
    }

    @AfterAll
    void stop() throws Exception {
        nginx.close();
    }

    private static String rollout(String value) {
        return value == null ? "" : "add_header X-OTA-Rollout " + value + " always;";
    }

    private void serve(String value) throws Exception {
        nginx.reconfigure(rollout(value), "/fw.zip",
                r -> value == null ? r.headers().firstValue("X-OTA-Rollout").isEmpty()
                        : r.headers().firstValue("X-OTA-Rollout").orElse("").equals(value));
    }

    /** The bucket from its definition: SHA-256("<id> <mac> <version>"), first two bytes big-endian, mod 100. */
    static int bucket(String deviceId) throws Exception {
        return bucket(deviceId, VERSION);
    }

    static int bucket(String deviceId, String version) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256")
                .digest((deviceId + " " + MAC + " " + version).getBytes(StandardCharsets.UTF_8));
        return ((h[0] & 0xff) * 256 + (h[1] & 0xff)) % 100;
    }

    /** The first device id "<prefix>-n" whose bucket passes {@code fits}. */
    static String deviceWhere(String prefix, IntPredicate fits) throws Exception {
        return deviceWhere(prefix, fits, VERSION);
    }

    /** For a device with TestAgent's MAC; public for the update server's rollout test. */
    public static String deviceWhere(String prefix, IntPredicate fits, String version) throws Exception {
        for (int n = 0; ; n++) {
            if (fits.test(bucket(prefix + "-" + n, version))) {
                return prefix + "-" + n;
            }
        }
    }

    private TestAgent agent(String deviceId) throws Exception {
        Path data = tmp.resolve("data-" + deviceId);
        TestAgent a = TestAgent.on(data, Map.of("device.id", deviceId, "flash.slot_size", Long.toString(64L << 20)));
        a.writeFactoryImage(factory);
        return a.start();
    }

    /** The access log lines of requests by {@code deviceId} (its X-MGOS-Device-ID is logged first). */
    private List<String[]> requestsBy(String deviceId) throws IOException {
        return nginx.accessLines().stream().filter(l -> l.contains("\"" + deviceId + " " + MAC + "\""))
                .map(l -> l.split(" ")).toList();
    }

    private static String status(String[] line) {
        return line[line.length - 3];
    }

    private static long bodyBytes(String[] line) {
        return Long.parseLong(line[line.length - 2]);
    }

    private void assertInstalled(TestAgent a) {
        assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
        assertThat(a.bootState().slots().get(1).version()).isEqualTo(VERSION);
        assertThat(a.bootState().committed()).isFalse();
    }

    private void assertDeferred(TestAgent a, String deviceId, int percent) throws Exception {
        assertThat(a.status().state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(a.status().message())
                .isEqualTo("Deferred by rollout: bucket " + bucket(deviceId) + " \u2265 " + percent + " %");
        assertThat(a.bootState().activeSlot()).isZero();
        assertThat(a.bootState().committed()).isTrue();
        assertThat(a.bootState().slots().get(1)).as("nothing installed").isNull();
        PollSchedule schedule = a.context().getRegistry().lookupByNameAndType("otaPollSchedule", PollSchedule.class);
        assertThat(schedule.failures()).as("a deferral does not grow the backoff").isZero();
    }

    @Test
    void aDeviceBelowThePercentageInstalls() throws Exception {
        serve("30");
        String id = deviceWhere("below", b -> b < 30);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            assertInstalled(a);
        }
        assertThat(status(requestsBy(id).get(0))).isEqualTo("200");
        assertThat(bodyBytes(requestsBy(id).get(0))).isEqualTo(bundleSize);
    }

    @Test
    void aDeviceAboveThePercentageDefersAndItsLaterPollsCostNoBodyBytes() throws Exception {
        serve("30");
        String id = deviceWhere("above", b -> b >= 30);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            assertDeferred(a, id, 30);
            // the body was aborted after the manifest: nginx could not send the bundle
            await().atMost(Duration.ofSeconds(10)).until(() -> requestsBy(id).size() == 1);
            assertThat(status(requestsBy(id).get(0))).isEqualTo("200");
            assertThat(bodyBytes(requestsBy(id).get(0))).isLessThan(bundleSize / 2);

            for (int poll = 2; poll <= 4; poll++) {
                a.checkNow(nginx.url("/fw.zip"));
                assertDeferred(a, id, 30);
            }
        }
        List<String[]> later = requestsBy(id).subList(1, requestsBy(id).size());
        assertThat(later).hasSize(3);
        assertThat(later).allSatisfy(l -> {
            assertThat(status(l)).isEqualTo("304");
            assertThat(bodyBytes(l)).isZero();
        });
    }

    @Test
    void zeroPercentPausesEvenTheLowestBucket() throws Exception {
        serve("0");
        String id = deviceWhere("zero", b -> b == 0);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            assertDeferred(a, id, 0);
        }
    }

    @Test
    void hundredPercentReachesTheHighestBucket() throws Exception {
        serve("100");
        String id = deviceWhere("full", b -> b == 99);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            assertInstalled(a);
        }
    }

    @Test
    void raisingThePercentageOnTheServerLetsADeferredDeviceIn() throws Exception {
        serve("30");
        String id = deviceWhere("mid", b -> b >= 30 && b < 70);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            a.checkNow(nginx.url("/fw.zip"));
            assertDeferred(a, id, 30);

            serve("70");
            a.checkNow(nginx.url("/fw.zip"));
            assertInstalled(a);
        }
        // 200 aborted, 304, then under 70 %: the 304 that says so, and at once the full 200
        List<String> statuses = requestsBy(id).stream().map(RolloutNginxTest::status).toList();
        assertThat(statuses).containsExactly("200", "304", "304", "200");
        assertThat(bodyBytes(requestsBy(id).get(3))).isEqualTo(bundleSize);
    }

    @Test
    void aMalformedPercentagePausesAndA304WithoutTheHeaderReleases() throws Exception {
        serve("30%");
        String id = deviceWhere("typo", b -> b < 30);
        try (TestAgent a = agent(id)) {
            a.checkNow(nginx.url("/fw.zip"));
            assertDeferred(a, id, 0);

            // the server drops the header: no rollout = everyone, on a 304 as on a 200
            serve(null);
            a.checkNow(nginx.url("/fw.zip"));
            assertInstalled(a);
        }
        List<String> statuses = requestsBy(id).stream().map(RolloutNginxTest::status).toList();
        assertThat(statuses).containsExactly("200", "304", "200");
    }

    @Test
    void theDeferralSurvivesARestartAndANewReleaseIsDecidedAfresh() throws Exception {
        serve("30");
        // outside for 1.1, inside for 1.2: the stored 1.1 validators must not hold back 1.2
        String id = deviceWhere("next", b -> b >= 30);
        while (bucket(id, "1.2") >= 30) {
            id = deviceWhere(id, b -> b >= 30);
        }
        byte[] v11 = Files.readAllBytes(nginx.www().resolve("fw.zip"));
        try {
            try (TestAgent a = agent(id)) {
                a.checkNow(nginx.url("/fw.zip"));
                assertDeferred(a, id, 30);
            }
            try (TestAgent a = TestAgent.on(tmp.resolve("data-" + id), Map.of("device.id", id,
                    "flash.slot_size", Long.toString(64L << 20))).start()) {
                a.checkNow(nginx.url("/fw.zip"));
                assertDeferred(a, id, 30);
                Files.write(nginx.www().resolve("fw.zip"), TestBundles.builder().platform("ubuntu").version("1.2")
                        .buildId("20261202-000000/rollout").part("app", "app", "fw.bin", TestBundles.randomBytes(80_000, 6))
                        .build());
                a.checkNow(nginx.url("/fw.zip"));
                assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
                assertThat(a.bootState().slots().get(1).version()).isEqualTo("1.2");
            }
        } finally {
            Files.write(nginx.www().resolve("fw.zip"), v11);
        }
        List<String> statuses = requestsBy(id).stream().map(RolloutNginxTest::status).toList();
        assertThat(statuses).as("after the restart still conditional; the new file's ETag differs").containsExactly("200", "304", "200");
    }
}
