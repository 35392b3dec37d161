package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a pull or an upload does holds the Vert.x event loop. While an update
 * server stalls mid-body, while one keeps the connection open after a complete bundle under a far
 * larger Content-Length, and while an upload stalls mid-body, GET /update/status keeps answering on
 * fresh connections (all connections of the agent's server share one event loop: a single
 * blocked loop would hang them all). The client timeout only bounds a hang; the test decides
 * nothing by time.
 */
class ApiResponsivenessTest {

    private static final byte[] APP = TestBundles.randomBytes(200 * 1024, 11);
    private static final byte[] BUNDLE = TestBundles.builder().name("demo-app").platform("ubuntu").version("1.1")
            .buildId("20261201-000000/slow").part("app", "app", "app.bin", APP).build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    private TestAgent agent;
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch stalled = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void statusAnswersWhileTheUpdateServerStallsMidBody() throws Exception {
        serve(BUNDLE.length, 100);
        start();
        CompletableFuture<HttpResponse<String>> pull = pullAsync();
        assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

        assertStatusAnswers("progress");

        release.countDown();
        assertThat(pull.get(60, TimeUnit.SECONDS).body()).isEqualTo("(1) Update applied, finalizing\r\n");
    }

    @Test
    void thePullAnswersOnceDecidedAndStatusAnswersWhileTheServerHoldsTheRestOfAHugeBody() throws Exception {
        // a complete, valid bundle under a Content-Length 64 MiB larger, then the connection stays open
        serve(BUNDLE.length + (64L << 20), BUNDLE.length);
        start();

        HttpResponse<String> pull = pullAsync().get(60, TimeUnit.SECONDS);
        assertThat(pull.statusCode()).isEqualTo(200);
        assertThat(pull.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        assertThat(release.getCount()).as("the update server still holds the connection").isEqualTo(1);
        assertThat(SlotWriter.sha256(agent.slot(1), APP.length)).isEqualTo(TestBundles.sha256Hex(APP));

        assertStatusAnswers("success");
    }

    @Test
    void statusAnswersWhileAnUploadStallsMidBody() throws Exception {
        start();
        byte[] body = DeviceApiAttackTest.multipart("bb", null, BUNDLE);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head("POST /update HTTP/1.1", body.length, "Host: 127.0.0.1:" + agent.httpPort(),
                    "Content-Type: multipart/form-data; boundary=bb"));
            out.write(body, 0, body.length / 2);
            out.flush();

            assertStatusAnswers("idle");

            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            s.setSoTimeout(60_000);
            RawHttp.Answer done = RawHttp.read(s.getInputStream());
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("Update applied, finalizing\r\n");
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Eight status requests, each on a new connection, each answered with the expected state. */
    private void assertStatusAnswers(String state) throws Exception {
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(agent.apiUrl("/update/status"))).timeout(Duration.ofSeconds(10))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(r.body())).containsEntry("state", state);
        }
    }

    private CompletableFuture<HttpResponse<String>> pullAsync() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fw.zip";
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(agent.apiUrl("/update?url=") + url))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Announces {@code contentLength}, sends the first {@code sent} bundle bytes, then holds until released, then the rest. */
    private void serve(long contentLength, int sent) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/fw.zip", ex -> {
            ex.sendResponseHeaders(200, contentLength);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BUNDLE, 0, sent);
                out.flush();
                stalled.countDown();
                release.await();
                out.write(BUNDLE, sent, BUNDLE.length - sent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the agent closed the connection
            }
            ex.close();
        });
        server.start();
    }

    private void start() throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), new HashMap<>(Map.of("update.timeout", "120"))).start();
    }

}
