package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelota.app.TestAgent;
import io.camelota.http.TestPki.Issued;
import io.camelota.status.StatusBoard.Snapshot;
import io.camelota.status.UpdateState;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How each answer of the update server ends a check (protocol §3): status state, message and result code. */
class CheckResponsesTest {

    @TempDir
    static Path dir;

    static RecordingHttpServer server;
    static RecordingHttpServer tlsServer;
    static TestAgent agent;

    @BeforeAll
    static void start() throws Exception {
        Issued ca = TestPki.ca("Check CA");
        Path caFile = TestPki.write(dir, "ca.pem", ca.certPem());
        server = RecordingHttpServer.start();
        tlsServer = RecordingHttpServer.https(TestPki.serverContext(TestPki.server(ca, "ota.test", "127.0.0.1")),
                false);
        agent = TestAgent.on(dir.resolve("data"), Map.of("update.ssl_ca_file", caFile.toString())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        server.close();
        tlsServer.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        tlsServer.reset();
    }

    @Test
    void notModifiedIsSuccessAndWritesNothing() {
        server.respond("/fw.zip", 304);

        Exchange ex = agent.checkNow(server.url("/fw.zip"));

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(s.message()).isEqualTo("Not Modified");
        assertThat(s.result()).isEqualTo(1);
        assertThat(ex.getVariable(UpdateCheck.STARTED, Boolean.class)).isTrue();
        assertThat(server.paths()).containsExactly("/fw.zip");
        assertThat(Files.exists(agent.slot(1))).as("slot 1 untouched").isFalse();
    }

    @Test
    void redirectChainWithRelativeLocationsIsFollowedWithTheSameHeaders() {
        server.respond("/start", 302, "Location", "/dir/b")
              .respond("/dir/b", 307, "Location", "c?x=1")
              .respond("/dir/c", 304);

        agent.checkNow(server.url("/start"));

        assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(agent.status().message()).isEqualTo("Not Modified");
        assertThat(server.paths()).containsExactly("/start", "/dir/b", "/dir/c");
        assertThat(server.rawHeads().get(2)).startsWith("GET /dir/c?x=1 HTTP/1.1\r\n");
        for (int i = 0; i < 3; i++) {
            assertThat(server.rawHeaderLines(i)).as("hop " + i)
                    .contains("X-MGOS-Device-ID: - 0A1B2C3D4E5F", "X-MGOS-FW-Version: ubuntu 1.0 20261101-000000/factory");
        }
    }

    @Test
    void absoluteRedirectToAnotherHostPortIsFollowed() throws Exception {
        try (RecordingHttpServer other = RecordingHttpServer.start()) {
            other.respond("/moved.zip", 304);
            server.respond("/old.zip", 301, "Location", other.url("/moved.zip"));

            agent.checkNow(server.url("/old.zip"));

            assertThat(agent.status().message()).isEqualTo("Not Modified");
            assertThat(other.paths()).containsExactly("/moved.zip");
            assertThat(other.rawHeads().get(0)).contains("\r\nHost: 127.0.0.1:" + other.port());
        }
    }

    @Test
    void redirectLoopStopsAfterTheHopLimit() {
        server.respond("/loop", 302, "Location", "/loop");

        agent.checkNow(server.url("/loop"));

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Too many redirects");
        // the first request plus update.max_redirects (5) hops
        assertThat(server.paths()).hasSize(6);
    }

    @Test
    void redirectFromHttpsToHttpIsRefused() {
        server.respond("/plain.zip", 304);
        tlsServer.respond("/fw.zip", 302, "Location", server.url("/plain.zip"));

        agent.checkNow(tlsServer.url("/fw.zip"));

        Snapshot s = agent.status();
        assertThat(tlsServer.paths()).as("the https hop was made").containsExactly("/fw.zip");
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).containsIgnoringCase("https to http");
        assertThat(server.paths()).as("no plain-http request").isEmpty();
        assertThat(server.connections()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 500, 403, 201, 206})
    void otherStatusIsInvalidResponseWithMinusStatus(int status) {
        server.respond("/fw.zip", status);

        agent.checkNow(server.url("/fw.zip"));

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Invalid HTTP response code");
        assertThat(s.result()).isEqualTo(-status);
        assertThat(s.lastError()).isEqualTo("(-" + status + ") Invalid HTTP response code");
    }

    @Test
    void redirectWithoutLocationIsInvalidResponse() {
        server.respond("/fw.zip", 302);

        agent.checkNow(server.url("/fw.zip"));

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Invalid HTTP response code");
        assertThat(s.result()).isEqualTo(-302);
        assertThat(server.paths()).hasSize(1);
    }

    @Test
    void nothingListeningIsFailedToConnect() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        agent.checkNow("http://127.0.0.1:" + port + "/fw.zip");

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Failed to connect");
        assertThat(s.result()).isEqualTo(-10);
    }

    @Test
    void aCheckAfterAnErrorStartsAgain() {
        server.respond("/bad", 500).respond("/good", 304);

        agent.checkNow(server.url("/bad"));
        assertThat(agent.status().state()).isEqualTo(UpdateState.ERROR);
        Exchange second = agent.checkNow(server.url("/good"));

        assertThat(second.getVariable(UpdateCheck.STARTED, Boolean.class)).isTrue();
        assertThat(agent.status().state()).isEqualTo(UpdateState.SUCCESS);
        assertThat(agent.status().lastError()).isEqualTo("(-500) Invalid HTTP response code");
    }

    @Test
    void unreadResponseBodiesDoNotExhaustTheConnectionPool() throws Exception {
        byte[] page = new byte[256 * 1024];
        server.handle("/big404", h -> {
            h.sendResponseHeaders(404, page.length);
            try (var out = h.getResponseBody()) {
                out.write(page);
            }
        }).handle("/big302", h -> {
            h.getResponseHeaders().add("Location", "/big404");
            h.sendResponseHeaders(302, page.length);
            try (var out = h.getResponseBody()) {
                out.write(page);
            }
        });

        // camel.component.http.connections-per-route = 2: a leaked connection per check would block the third
        CompletableFuture<Void> checks = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5; i++) {
                agent.checkNow(server.url(i % 2 == 0 ? "/big404" : "/big302"));
            }
        });
        checks.get(60, TimeUnit.SECONDS);

        assertThat(agent.status().result()).isEqualTo(-404);
        assertThat(server.paths()).hasSize(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/fw.zip", "http://bad host/fw.zip", "mailto:ops@example.invalid"})
    void unusableRedirectLocationIsAnError(String location) {
        server.respond("/fw.zip", 302, "Location", location);

        agent.checkNow(server.url("/fw.zip"));

        Snapshot s = agent.status();
        assertThat(s.state()).isEqualTo(UpdateState.ERROR);
        assertThat(s.message()).isEqualTo("Invalid redirect location: " + location);
        assertThat(server.paths()).hasSize(1);
    }

    @Test
    void emptyBodyWithoutUpdateUrlIsSkipped() {
        Exchange ex = agent.checkNow("");

        assertThat(ex.getVariable(UpdateCheck.STARTED, Boolean.class)).isFalse();
        assertThat(server.paths()).isEmpty();
    }
}
