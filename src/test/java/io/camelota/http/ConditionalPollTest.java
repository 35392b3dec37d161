package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.app.TestAgent;
import io.camelota.boot.BootControl;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional polls: after a bundle from a URL is installed (or found to be the running
 * version), the next request to that URL carries If-None-Match with its ETag, a plain server
 * answers 304, and the validators survive an agent restart in http-validators.json.
 */
class ConditionalPollTest {

    private static final String ETAG_11 = "\"fw-1.1\"";
    private static final String ETAG_12 = "\"fw-1.2\"";
    private static final String BUILD = "20261201-000000/cond";

    @TempDir
    Path tmp;

    private MisbehavingServer server;
    private byte[] factory;

    @BeforeEach
    void setUp() throws Exception {
        server = new MisbehavingServer(bundle("1.1"), ETAG_11);
        factory = TestBundles.randomBytes(20_000, 3);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static byte[] bundle(String version) {
        byte[] app = new byte[100_000];
        new Random(version.hashCode()).nextBytes(app);
        return TestBundles.builder().version(version).buildId(BUILD).part("app", "app", "app.bin", app).build();
    }

    private TestAgent agent(Path data, Map<String, String> props) throws Exception {
        TestAgent a = TestAgent.on(data, props);
        if (!Files.exists(a.slot(0))) {
            a.writeFactoryImage(factory);
        }
        return a.start();
    }

    /** The device reboots into the installed slot and commits it (commit_timeout 0: at once). */
    private static void commit(TestAgent a) throws Exception {
        a.reboot();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> a.bootState().committed());
    }

    private JsonNode validatorsFile(Path data) throws Exception {
        return new ObjectMapper().readTree(data.resolve("http-validators.json").toFile());
    }

    @Test
    void afterAnInstallTheNextCheckIsConditionalAndSurvivesARestart() throws Exception {
        Path data = tmp.resolve("data");
        try (TestAgent a = agent(data, Map.of())) {
            a.checkNow(server.url());
            assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
            assertThat(server.requests().get(0).header("If-None-Match")).isNull();
            assertThat(validatorsFile(data).path(server.url()).path("etag").asText()).isEqualTo(ETAG_11);

            // uncommitted: the check route skips without asking the server
            a.checkNow(server.url());
            assertThat(server.requests()).hasSize(1);

            commit(a);
            a.checkNow(server.url());
            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).header("If-None-Match")).isEqualTo(ETAG_11);
            assertThat(a.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(a.status().message()).isEqualTo("Not Modified");
            assertThat(a.status().result()).isEqualTo(1);
            assertThat(a.bootState().activeSlot()).isEqualTo(1);
            assertThat(a.bootState().committed()).isTrue();
        }

        try (TestAgent b = agent(data, Map.of())) {
            b.checkNow(server.url());
            assertThat(server.requests()).hasSize(3);
            assertThat(server.requests().get(2).header("If-None-Match")).as("the first request after the restart")
                    .isEqualTo(ETAG_11);
            assertThat(b.status().message()).isEqualTo("Not Modified");
            assertThat(b.bootState().activeSlot()).isEqualTo(1);
        }
    }

    @Test
    void aNewReleaseAtTheSameUrlIsDownloadedAndItsEtagReplacesTheOld() throws Exception {
        Path data = tmp.resolve("data");
        try (TestAgent a = agent(data, Map.of())) {
            a.checkNow(server.url());
            commit(a);
            server.serve(bundle("1.2"), ETAG_12);
            a.checkNow(server.url());
            assertThat(server.requests().get(1).header("If-None-Match")).isEqualTo(ETAG_11);
            assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
            assertThat(a.bootState().slots().get(0).version()).isEqualTo("1.2");
            assertThat(validatorsFile(data).path(server.url()).path("etag").asText()).isEqualTo(ETAG_12);
            commit(a);
            a.checkNow(server.url());
            assertThat(server.requests().get(2).header("If-None-Match")).isEqualTo(ETAG_12);
            assertThat(a.status().message()).isEqualTo("Not Modified");
        }
    }

    @Test
    void theRunningVersionIsRememberedToo() throws Exception {
        // the factory firmware already is 1.1 of this build: a 200 with it is "same version", not an install
        Path data = tmp.resolve("data");
        try (TestAgent a = agent(data, Map.of("device.fw_version", "1.1", "device.fw_id", BUILD))) {
            a.checkNow(server.url());
            assertThat(a.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(a.bootState().activeSlot()).isZero();
            a.checkNow(server.url());
            assertThat(server.requests().get(1).header("If-None-Match")).isEqualTo(ETAG_11);
            assertThat(a.status().message()).isEqualTo("Not Modified");
        }
    }

    @Test
    void aFailedDownloadIsNotRemembered() throws Exception {
        Path data = tmp.resolve("data");
        server.on(1, Fault.lengthDelta(-30_000));
        try (TestAgent a = agent(data, Map.of())) {
            a.checkNow(server.url());
            assertThat(a.status().state()).isEqualTo(UpdateState.ERROR);
            assertThat(data.resolve("http-validators.json")).doesNotExist();
            a.checkNow(server.url());
            assertThat(server.requests().get(1).header("If-None-Match")).isNull();
            assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
        }
    }

    @Test
    void validatorsAreKeptPerUrl() throws Exception {
        Path data = tmp.resolve("data");
        try (MisbehavingServer other = new MisbehavingServer(bundle("1.1"), ETAG_11)) {
            try (TestAgent a = agent(data, Map.of())) {
                a.checkNow(server.url());
                commit(a);
                a.checkNow(other.url());
                assertThat(other.requests().get(0).header("If-None-Match")).as("another URL").isNull();
                // same version as the running one: remembered for that URL as well
                assertThat(a.status().state()).isEqualTo(UpdateState.SUCCESS);
                JsonNode file = validatorsFile(data);
                assertThat(file.path(server.url()).path("etag").asText()).isEqualTo(ETAG_11);
                assertThat(file.path(other.url()).path("etag").asText()).isEqualTo(ETAG_11);
            }
        }
    }
}
