package io.camelota.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** routes/update-server.yaml over HTTP: 404 / 304 / 200 by X-MGOS-FW-Version, newest bundle per platform. */
class UpdateServerRouteTest {

    private static final String FW = "X-MGOS-FW-Version";

    @TempDir
    Path tmp;

    private Path bundles;
    private TestAgent agent;
    private byte[] v19;
    private byte[] v110;

    @BeforeEach
    void setUp() throws Exception {
        bundles = Files.createDirectories(tmp.resolve("bundles"));
        v19 = bundle("ubuntu", "1.9", "20260901-000000/b19", 1);
        v110 = bundle("ubuntu", "1.10", "20261001-000000/b110", 2);
        // file names sort the other way round: the manifest version must decide
        Files.write(bundles.resolve("z-app-1.9.zip"), v19);
        Files.write(bundles.resolve("a-app-1.10.zip"), v110);
        Files.write(bundles.resolve("other-esp32.zip"), bundle("esp32", "7.0", "x/esp", 3));
        Files.writeString(bundles.resolve("junk.zip"), "not a zip");
        agent = TestAgent.on(tmp.resolve("data"), Map.of("ota.server.enabled", "true",
                "ota.server.dir", bundles.toString())).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
    }

    @Test
    void newestBundleByVersionIsServedWithLengthAndEtag() throws Exception {
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.0 20261101-000000/factory");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(v110);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(v110.length));
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]+-\\d+\""));
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    }

    @Test
    void etagDiffersBetweenBundles() throws Exception {
        String e1 = TestHttp.getBytes(agent.apiUrl("/firmware/x.zip"), FW, "ubuntu 1.0 f").headers().firstValue("ETag").orElseThrow();
        Files.delete(bundles.resolve("a-app-1.10.zip"));
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/x.zip"), FW, "ubuntu 1.0 f");
        assertThat(r.body()).isEqualTo(v19);  // the folder is rescanned per request
        assertThat(r.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(e1);
    }

    @Test
    void deviceOnTheNewestVersionAndBuildGets304() throws Exception {
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.10 20261001-000000/b110");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        // version only (no build id) counts as current too
        assertThat(TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.10").statusCode()).isEqualTo(304);
    }

    @Test
    void sameVersionOtherBuildGetsTheBundle() throws Exception {
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.10 20261001-000000/other");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(v110);
    }

    @Test
    void olderNamedVersionIsNotCurrent() throws Exception {
        // a device on 1.9 is behind 1.10 (not "1.9" > "1.10" as strings would say)
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.9 20260901-000000/b19");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(v110);
    }

    @Test
    void platformWithoutBundleGets404() throws Exception {
        HttpResponse<String> r = TestHttp.get(agent.apiUrl("/firmware/app.zip"), FW, "esp8266 1.0 x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body().strip()).isEqualTo("no bundle for this platform");  // Camel trims constants
        assertThat(TestHttp.get(agent.apiUrl("/firmware/app.zip")).statusCode()).isEqualTo(404);
    }

    @Test
    void otherPlatformGetsItsOwnBundle() throws Exception {
        HttpResponse<byte[]> r = TestHttp.getBytes(agent.apiUrl("/firmware/app.zip"), FW, "esp32 6.0 x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("\"esp32\"");
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/firmware/app.zip"), FW, "ubuntu 1.0 x");
        assertThat(r.statusCode()).isIn(404, 405);
    }

    @Test
    void theAgentUpdatesFromItsOwnServerRoute() throws Exception {
        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/update?url=") + agent.apiUrl("/firmware/app.zip"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        assertThat(agent.bootState().activeContent().version()).isEqualTo("1.10");
    }

    private static byte[] bundle(String platform, String version, String buildId, long seed) {
        byte[] app = TestBundles.randomBytes(4096 + (int) seed * 100, seed);
        return TestBundles.builder().name("app").platform(platform).version(version).buildId(buildId)
                .part("app", "app", "app.bin", app).build();
    }
}
