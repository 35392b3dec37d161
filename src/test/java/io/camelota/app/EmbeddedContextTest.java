package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.camelota.host.HostHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent inside a plain CamelContext that a host application built: found by
 * ServiceLoader, started by ota.enabled=true alone, beside the host's own route with id "install",
 * bean "healthCheck" and its own platform-http server — and where its endpoints and reboots go.
 */
class EmbeddedContextTest {

    @TempDir
    Path tmp;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private CamelContext host(Map<String, String> extra, int hostPort) throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(Map.of("ota.data_dir", tmp.resolve("ota").toString(), "device.mac", "0A1B2C3D4E5F",
                "flash.slot.0.path", tmp.resolve("slot0.img").toString(),
                "flash.slot.1.path", tmp.resolve("slot1.img").toString(),
                "flash.slot_size", Long.toString(1L << 20)));
        p.putAll(extra);
        ctx.getPropertiesComponent().setInitialProperties(p);
        ctx.getRegistry().bind("healthCheck", "the host's own healthCheck bean");
        if (hostPort > 0) {
            VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
            conf.setBindHost("127.0.0.1");
            conf.setBindPort(hostPort);
            ctx.addService(new VertxPlatformHttpServer(conf));
        }
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:host-work").routeId("install").setBody(constant("host install route"));
                from("direct:host-restart").routeId("host-restart").to("mock:host-restart");
                if (hostPort > 0) {
                    from("platform-http:/hello").routeId("host-hello").setBody(constant("hello from the host"));
                }
            }
        });
        context = ctx;
        return ctx;
    }

    @Test
    void withoutTheSwitchTheLibraryDoesNothing() throws Exception {
        CamelContext ctx = host(Map.of(), 0);
        ctx.start();
        assertThat(ctx.getRoutes()).extracting(r -> r.getRouteId()).containsExactlyInAnyOrder("install", "host-restart");
        assertThat(ctx.getRegistry().lookupByName("otaBootControl")).isNull();
    }

    @Test
    void theSwitchStartsTheAgentBesideTheHostsSameNamedRouteAndBean() throws Exception {
        int otaPort = HostHarness.freePort();
        CamelContext ctx = host(Map.of("ota.enabled", "true", "ota.http.port", Integer.toString(otaPort)), 0);
        ctx.start();
        assertThat(ctx.getRoutes()).extracting(r -> r.getRouteId())
                .contains("install", "ota-install", "ota-check-for-update", "ota-commit-or-rollback", "ota-device-api")
                .allMatch(id -> id.startsWith("ota-") || id.equals("install") || id.equals("host-restart"));
        assertThat(ctx.createProducerTemplate().requestBody("direct:host-work", "", String.class)).isEqualTo("host install route");
        assertThat(ctx.getRegistry().lookupByName("healthCheck")).isEqualTo("the host's own healthCheck bean");
        assertThat(ctx.getRegistry().lookupByName("otaCommitHealth")).isNotNull();
        // the host's stream caching and route configurations are its own
        assertThat(ctx.getStreamCachingStrategy().isEnabled()).isTrue();
        assertThat(ctx.getRoute("ota-install").isStreamCaching()).isFalse();
        assertThat(status("http://127.0.0.1:" + otaPort + "/update/status").body()).contains("\"reboot_required\":false");
    }

    @Test
    void restartIsRefusedInsideAnApplicationNamingTheKey() throws Exception {
        CamelContext ctx = host(Map.of("ota.enabled", "true", "ota.http.mode", "off", "boot.reboot_mode", "restart"), 0);
        assertThatThrownBy(ctx::start).hasStackTraceContaining("boot.reboot_mode: restart needs the standalone agent");
    }

    @Test
    void routeModeHandsTheRebootToTheHostAndTheStatusSaysOneIsDue() throws Exception {
        int otaPort = HostHarness.freePort();
        CamelContext ctx = host(Map.of("ota.enabled", "true", "ota.http.port", Integer.toString(otaPort),
                "boot.reboot_mode", "route", "boot.reboot_uri", "direct:host-restart"), 0);
        ctx.start();
        MockEndpoint restart = ctx.getEndpoint("mock:host-restart", MockEndpoint.class);
        restart.expectedMessageCount(1);
        restart.expectedHeaderReceived("OtaRebootRequired", true);
        ctx.createProducerTemplate().sendBody("direct:ota-reboot", null);
        restart.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        assertThat(status("http://127.0.0.1:" + otaPort + "/update/status").body()).contains("\"reboot_required\":true");
    }

    @Test
    void ownModeKeepsTheHostsServerAndTheAgentsApart() throws Exception {
        int hostPort = HostHarness.freePort();
        int otaPort = HostHarness.freePort();
        CamelContext ctx = host(Map.of("ota.enabled", "true", "ota.http.port", Integer.toString(otaPort)), hostPort);
        ctx.start();
        assertThat(status("http://127.0.0.1:" + hostPort + "/hello").body()).isEqualTo("hello from the host");
        assertThat(status("http://127.0.0.1:" + otaPort + "/update/status").statusCode()).isEqualTo(200);
        assertThat(status("http://127.0.0.1:" + hostPort + "/update/status").statusCode()).isEqualTo(404);
        assertThat(status("http://127.0.0.1:" + otaPort + "/hello").statusCode()).isEqualTo(404);
    }

    @Test
    void hostModeMountsUnderThePrefixOnTheHostsServerWithTheSameChecks() throws Exception {
        int hostPort = HostHarness.freePort();
        int otaPort = HostHarness.freePort();
        CamelContext ctx = host(Map.of("ota.enabled", "true", "ota.http.mode", "host",
                "ota.http.port", Integer.toString(otaPort)), hostPort);
        ctx.start();
        String base = "http://127.0.0.1:" + hostPort + "/ota/update";
        assertThat(status(base + "/status").body()).contains("\"state\"");
        assertThat(HostHarness.get("http://127.0.0.1:" + otaPort + "/update/status")).as("no server of its own").isNull();
        HttpClient c = HttpClient.newHttpClient();
        // the checks ApiGuard makes on the agent's own server run in the route here: a web page's
        // cross-site POST, a GET that would change state, a foreign Host
        HttpResponse<String> crossSite = c.send(HttpRequest.newBuilder(URI.create(base + "/revert"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> getCommit = c.send(HttpRequest.newBuilder(URI.create(base + "/commit")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(getCommit.statusCode()).isEqualTo(405);
        assertThat(getCommit.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> commit = c.send(HttpRequest.newBuilder(URI.create(base + "/commit"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode()).as(commit.body()).isIn(200, 400);
        assertThat(status("http://127.0.0.1:" + hostPort + "/hello").body()).isEqualTo("hello from the host");
        // DNS rebinding: a page on evil.example resolved to this device sends its own name as Host
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hostPort)) {
            socket.getOutputStream().write(("POST /ota/update/revert HTTP/1.1\r\nHost: evil.example:" + hostPort
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 421");
        }
    }

    private static HttpResponse<String> status(String url) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
