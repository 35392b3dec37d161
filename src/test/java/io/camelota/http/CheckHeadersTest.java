package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.camelota.app.TestAgent;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request headers of an update check as the server receives them, byte for byte (protocol §2.2–2.4),
 * through the real agent: config, YAML routes, camel-http.
 */
class CheckHeadersTest {

    /** Headers the Quartz consumer puts on its exchange; none may reach the update server. */
    private static final Set<String> QUARTZ = Set.of("calendar", "firetime", "jobdetail", "jobinstance", "jobruntime",
            "mergedjobdatamap", "nextfiretime", "previousfiretime", "refirecount", "result", "scheduledfiretime",
            "scheduler", "trigger", "triggername", "triggergroup");

    /** Every header name a check request may carry (lower case). */
    private static final Set<String> ALLOWED = Set.of("host", "connection", "accept-encoding", "user-agent",
            "x-mgos-device-id", "x-mgos-fw-version", "x-fleet", "x-token",
            // the fleet headers for the server's access log (FleetState)
            "x-ota-state", "x-ota-rejected-version");
    // Accept-Encoding comes from HttpClient 5's content compression (the original sent none; see report)

    @TempDir
    Path dir;

    RecordingHttpServer server;
    TestAgent agent;

    @BeforeEach
    void startServer() throws Exception {
        server = RecordingHttpServer.start().respond("/fw.zip", 304);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        server.close();
    }

    private TestAgent start(Map<String, String> props) throws Exception {
        agent = TestAgent.on(dir.resolve("data"), props).start();
        return agent;
    }

    @Test
    void pollRequestCarriesTheDeviceHeadersExactlyAndNothingFromQuartzOrCamel() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("update.url", server.url("/fw.zip"));
        p.put("update.interval", "1");
        p.put("update.poll_on_start", "true");
        p.put("device.id", "esp32_1A2B3C");
        p.put("device.app", "myapp");
        p.put("device.fw_version", "1.0.3");
        p.put("device.fw_id", "20210412-101530/g1a2b3c4-master");
        p.put("device.os_token", "MongooseOS/2.20.0");
        // what a properties file line "X-Fleet: a\r\nX-Token: b" loads as: a real CR LF
        p.put("update.extra_http_headers", "X-Fleet: a\r\nX-Token: b");
        start(p);

        assertThat(server.awaitRequests(1, Duration.ofSeconds(20))).as("poll reached the server").isTrue();
        List<String> lines = server.rawHeaderLines(0);

        assertThat(server.rawHeads().get(0)).startsWith("GET /fw.zip HTTP/1.1\r\n");
        assertThat(lines).contains(
                "X-MGOS-Device-ID: esp32_1A2B3C 0A1B2C3D4E5F",
                "X-MGOS-FW-Version: ubuntu 1.0.3 20210412-101530/g1a2b3c4-master",
                "User-Agent: myapp/1.0.3 (MongooseOS/2.20.0; ubuntu)",
                "X-Fleet: a",
                "X-Token: b",
                "X-OTA-State: committed");
        List<String> names = lines.stream().map(l -> l.substring(0, l.indexOf(':')).toLowerCase(Locale.ROOT)).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).noneMatch(QUARTZ::contains);
        assertThat(names).noneMatch(n -> n.startsWith("camel") || n.startsWith("org.apache"));
        assertThat(names).allMatch(ALLOWED::contains, "only device, extra and transport headers: " + names);
    }

    @Test
    void unsetDeviceIdIsADashAndALiteralBackslashRnSeparatesExtraHeaders() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("device.mac", "0a:1b:2c:3d:4e:5f");
        // a literal backslash-r-backslash-n (an env var, or "\\r\\n" in a properties file)
        p.put("update.extra_http_headers", "X-Fleet: a\\r\\nX-Token: b");
        start(p);

        agent.checkNow(server.url("/fw.zip"));

        assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
        List<String> lines = server.rawHeaderLines(0);
        assertThat(lines).contains(
                "X-MGOS-Device-ID: - 0A1B2C3D4E5F",
                "X-MGOS-FW-Version: ubuntu 1.0 20261101-000000/factory",
                "User-Agent: camel-ota/1.0 (CamelOTA/0.1; ubuntu)",
                "X-Fleet: a",
                "X-Token: b");
        assertThat(lines).noneMatch(l -> l.contains("\\r") || l.contains("\\n"));
    }

    @Test
    void extraHeadersAreSentInTheConfiguredOrder() throws Exception {
        start(Map.of("update.extra_http_headers", "X-Zeta: 1\r\nX-Alpha: 2\r\nX-Mid: 3\r\nX-Beta: 4"));

        agent.checkNow(server.url("/fw.zip"));

        List<String> extra = server.rawHeaderLines(0).stream()
                .filter(l -> l.matches("X-(Zeta|Alpha|Mid|Beta): .*")).toList();
        assertThat(extra).containsExactly("X-Zeta: 1", "X-Alpha: 2", "X-Mid: 3", "X-Beta: 4");
    }

    @Test
    void deviceIdHeaderHasExactlyTwoSpaceSeparatedTokensAndUpperCaseMac() throws Exception {
        start(Map.of("device.id", "dev-7", "device.mac", "aa-bb-cc-dd-ee-0f"));

        agent.checkNow(server.url("/fw.zip"));

        String id = server.rawHeaderLines(0).stream().filter(l -> l.startsWith("X-MGOS-Device-ID:")).findFirst()
                .orElseThrow();
        assertThat(id).isEqualTo("X-MGOS-Device-ID: dev-7 AABBCCDDEE0F");
        assertThat(id.substring("X-MGOS-Device-ID: ".length()).split(" ")[1]).matches("[0-9A-F]{12}");
    }

    @Test
    void checkNowRequestCarriesNoCamelHeadersEvenWhenTheCallerSetSome() throws Exception {
        start(Map.of());

        agent.context().createProducerTemplate().send("direct:ota-check-for-update", e -> {
            e.getMessage().setBody(server.url("/fw.zip"));
            e.getMessage().setHeader("X-Leak", "caller");
            e.getMessage().setHeader("fireTime", "now");
            e.getMessage().setHeader("CamelHttpQuery", "leak=1");
        });

        assertThat(server.rawHeads()).hasSize(1);
        assertThat(server.rawHeads().get(0)).startsWith("GET /fw.zip HTTP/1.1\r\n");
        assertThat(server.rawHeaderLines(0)).noneMatch(l -> l.regionMatches(true, 0, "X-Leak", 0, 6)
                || l.regionMatches(true, 0, "fireTime", 0, 8) || l.regionMatches(true, 0, "Camel", 0, 5));
    }
}
