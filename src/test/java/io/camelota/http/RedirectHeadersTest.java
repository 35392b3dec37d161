package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer.Fault;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * update.extra_http_headers (tokens) follow a redirect only within the origin the check started
 * from; the device headers follow it everywhere. Two real servers on 127.0.0.1, different ports:
 * each records exactly what it received.
 */
class RedirectHeadersTest {

    private static final String TOKEN = "X-Token: secret-1";
    private static final List<String> DEVICE = List.of("X-MGOS-Device-ID: - 0A1B2C3D4E5F",
            "X-MGOS-FW-Version: ubuntu 1.0 20261101-000000/factory", "User-Agent: camel-ota/1.0 (CamelOTA/0.1; ubuntu)");

    @TempDir
    static Path dir;
    static TestAgent agent;
    RecordingHttpServer origin;
    RecordingHttpServer cdn;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = TestAgent.on(dir.resolve("data"), Map.of("update.extra_http_headers", "X-Token: secret-1\nX-Fleet: f",
                "update.retry_backoff_ms", "10")).start();
    }

    @AfterAll
    static void stopAgent() throws Exception {
        agent.close();
    }

    @BeforeEach
    void servers() throws Exception {
        origin = RecordingHttpServer.start();
        cdn = RecordingHttpServer.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopServers() {
        origin.close();
        cdn.close();
    }

    @Test
    void extraHeadersStayWithTheOriginDeviceHeadersGoEverywhere() throws Exception {
        origin.respond("/fw.zip", 302, "Location", "/v2/fw.zip")
              .respond("/v2/fw.zip", 307, "Location", cdn.url("/signed/fw.zip?sig=abc"));
        cdn.respond("/signed/fw.zip", 302, "Location", origin.url("/back.zip"));
        origin.respond("/back.zip", 304);

        agent.checkNow(origin.url("/fw.zip"));

        assertThat(agent.status().message()).isEqualTo("Not Modified");
        assertThat(origin.paths()).containsExactly("/fw.zip", "/v2/fw.zip", "/back.zip");
        assertThat(cdn.paths()).containsExactly("/signed/fw.zip");
        for (int i = 0; i < 3; i++) {
            assertThat(origin.rawHeaderLines(i)).as("origin hop " + i).containsAll(DEVICE).contains(TOKEN, "X-Fleet: f");
        }
        List<String> atCdn = cdn.rawHeaderLines(0);
        assertThat(atCdn).as("another port is another origin").containsAll(DEVICE);
        assertThat(atCdn).noneMatch(l -> l.startsWith("X-Token") || l.startsWith("X-Fleet"));
    }

    @Test
    void sameHostOtherSchemeOrPortIsAnotherOrigin() {
        assertThat(UpdateRequest.sameOrigin("http://Ota.Example/fw.zip", "HTTP://ota.example:80/other?x")).isTrue();
        assertThat(UpdateRequest.sameOrigin("https://ota.example/a", "https://ota.example:443/b")).isTrue();
        assertThat(UpdateRequest.sameOrigin("https://ota.example/a", "http://ota.example/a")).isFalse();
        assertThat(UpdateRequest.sameOrigin("http://ota.example:8080/a", "http://ota.example/a")).isFalse();
        assertThat(UpdateRequest.sameOrigin("http://ota.example.evil/a", "http://ota.example/a")).isFalse();
    }

    @Test
    void aResumeAtTheRedirectTargetCarriesNoExtraHeaders() throws Exception {
        byte[] bundle = TestBundles.builder().version("1.1").buildId("20261201-000000/r")
                .part("app", "app", "app.bin", TestBundles.randomBytes(200_000, 3)).build();
        try (MisbehavingServer files = new MisbehavingServer(bundle, "\"r1\"")) {
            files.on(1, Fault.closeAfter(70_000));
            origin.respond("/fw.zip", 302, "Location", files.url());

            agent.checkNow(origin.url("/fw.zip"));

            assertThat(agent.status().state()).as(agent.status().message()).isEqualTo(UpdateState.SUCCESS);
            assertThat(files.rangeRequests()).hasSize(1);
            assertThat(origin.rawHeaderLines(0)).contains(TOKEN);
            for (MisbehavingServer.Request r : files.requests()) {
                assertThat(r.header("X-MGOS-Device-ID")).as(r.line()).isEqualTo("- 0A1B2C3D4E5F");
                assertThat(r.header("X-Token")).as(r.line() + " " + r.headers()).isNull();
                assertThat(r.header("X-Fleet")).isNull();
            }
        }
    }
}
