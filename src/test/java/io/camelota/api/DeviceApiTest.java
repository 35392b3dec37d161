package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.app.TestHttp.Part;
import io.camelota.boot.BootState;
import io.camelota.bundle.TestBundles;
import io.camelota.slot.SlotWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device endpoints of routes/device-api.yaml (protocol §7.1), against the real agent over HTTP. */
class DeviceApiTest {

    private static final byte[] APP = random(150 * 1024, 7);
    private static final byte[] BUNDLE = TestBundles.builder().name("demo-app").platform("ubuntu").version("1.1")
            .buildId("20261129-120000/api").part("app", "app", "app.bin", APP).build();

    @TempDir
    Path tmp;

    private TestAgent agent;
    private TestHttp.Server server;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postMultipartInstallsIntoSlot1AndHonoursACommitTimeoutAfterTheFile() throws Exception {
        start(Map.of("update.commit_timeout", "3"));

        HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"),
                Part.field("note", "before"), Part.file("filedata", "fw.zip", BUNDLE), Part.field("commit_timeout", "42"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Update applied, finalizing\r\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(SlotWriter.sha256(agent.slot(1), APP.length)).isEqualTo(TestBundles.sha256Hex(APP));
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isEqualTo(1);
        assertThat(s.committed()).isFalse();
        assertThat(s.commitTimeout()).isEqualTo(42);
        assertThat(s.activeContent().version()).isEqualTo("1.1");
    }

    @Test
    void postMultipartWithACommitTimeoutBeforeTheFile() throws Exception {
        start(Map.of());

        HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"),
                Part.field("commit_timeout", "17"), Part.file("file", "x.zip", BUNDLE));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(agent.bootState().commitTimeout()).isEqualTo(17);
    }

    @Test
    void postMultipartWithoutACommitTimeoutUsesTheConfiguredOne() throws Exception {
        start(Map.of("update.commit_timeout", "9"));

        HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"), Part.file("f", "x.zip", BUNDLE));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(agent.bootState().commitTimeout()).isEqualTo(9);
    }

    @Test
    void postDisabledIsRefused() throws Exception {
        start(Map.of("update.enable_post", "false"));

        HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"), Part.file("f", "x.zip", BUNDLE));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("POST updates are disabled.\r\n");
        assertThat(agent.bootState().activeSlot()).isZero();
        assertThat(agent.slot(1)).doesNotExist();
    }

    @Test
    void postOfABrokenBundleIs400AndLeavesTheBootStateAlone() throws Exception {
        start(Map.of());

        byte[] truncated = TestBundles.truncate(BUNDLE, BUNDLE.length / 2);
        HttpResponse<String> r = TestHttp.postMultipart(agent.apiUrl("/update"), Part.file("f", "x.zip", truncated));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(agent.bootState().activeSlot()).isZero();
        assertThat(agent.bootState().committed()).isTrue();
        assertThat(agent.status().state().jsonName()).isEqualTo("error");
    }

    @Test
    void authTokenGuardsEveryEndpoint() throws Exception {
        start(Map.of("ota.http.auth_token", "s3cret"));

        HttpResponse<String> none = TestHttp.get(agent.apiUrl("/update/status"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("state");
        HttpResponse<String> wrong = TestHttp.get(agent.apiUrl("/update/status"), "Authorization", "Bearer s3creT");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = TestHttp.get(agent.apiUrl("/update/status"), "Authorization", "Bearer s3cret");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(right.body())).containsEntry("state", "idle");
        // a refused commit/revert must not touch the boot state
        assertThat(TestHttp.post(agent.apiUrl("/update/revert")).statusCode()).isEqualTo(401);
        assertThat(TestHttp.post(agent.apiUrl("/update?url=http://127.0.0.1:9/fw.zip")).statusCode()).isEqualTo(401);
        assertThat(agent.status().lastCheck()).isNull();
    }

    @Test
    void pullWithoutAnyUrlIs400() throws Exception {
        start(Map.of());

        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/update"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Update URL not specified and none is configured.\r\n");
    }

    @Test
    void pullFromAUrlAnswersWhenDoneAndHonoursCommitTimeout() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of());

        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/update?commit_timeout=5&url=") + server.url("/fw.zip"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        assertThat(SlotWriter.sha256(agent.slot(1), APP.length)).isEqualTo(TestBundles.sha256Hex(APP));

        Map<String, Object> st = TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
        assertThat(st).containsEntry("state", "success").containsEntry("message", "Update applied, finalizing")
                .containsEntry("result", 1).containsEntry("progress_percent", 100)
                .containsEntry("is_committed", false).containsEntry("commit_timeout", 5)
                .containsEntry("partition", 1).containsEntry("last_error", null);
        assertThat((String) st.get("last_check")).isNotBlank();

        // uncommitted, and not booted yet (no reboot here): a commit cannot skip the new slot's health window
        assertThat(TestHttp.post(agent.apiUrl("/update/commit")).body()).isEqualTo("Error");
        assertThat(agent.bootState().committed()).isFalse();
    }

    @Test
    void pullFromAUrlInAForm() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of());

        String form = "commit_timeout=7&url=" + java.net.URLEncoder.encode(server.url("/fw.zip"), java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(agent.apiUrl("/update"))).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        assertThat(agent.bootState().commitTimeout()).isEqualTo(7);
    }

    @Test
    void pullFromTheConfiguredUrl() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        startWith(Map.of("update.url", server.url("/fw.zip")));

        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/update"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("(1) Update applied, finalizing\r\n");
        assertThat(server.hits("/fw.zip")).isEqualTo(1);
    }

    @Test
    void pullOfA404Is500WithTheNegatedStatus() throws Exception {
        server = TestHttp.Server.start().answer("/missing.zip", 404, "nope".getBytes());
        start(Map.of());

        HttpResponse<String> r = TestHttp.post(agent.apiUrl("/update?url=") + server.url("/missing.zip"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("(-404) Invalid HTTP response code\r\n");

        Map<String, Object> st = TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
        assertThat(st).containsKeys("state", "message", "result", "progress_percent", "is_committed",
                "commit_timeout", "partition", "fw_version", "fw_id", "last_check", "last_error");
        assertThat(st).containsEntry("state", "error").containsEntry("message", "Invalid HTTP response code")
                .containsEntry("result", -404).containsEntry("is_committed", true)
                .containsEntry("commit_timeout", 0).containsEntry("partition", 0)
                .containsEntry("fw_version", "1.0").containsEntry("fw_id", "20261101-000000/factory")
                .containsEntry("last_error", "(-404) Invalid HTTP response code");
        assertThat((String) st.get("last_check")).isNotBlank();
        assertThat(agent.bootState().activeSlot()).isZero();
    }

    @Test
    void freshStatusHasEveryField() throws Exception {
        start(Map.of());

        HttpResponse<String> r = TestHttp.get(agent.apiUrl("/update/status"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        Map<String, Object> st = TestHttp.json(r.body());
        assertThat(st).containsEntry("state", "idle").containsEntry("message", "idle").containsEntry("result", 0)
                .containsEntry("progress_percent", null).containsEntry("is_committed", true)
                .containsEntry("commit_timeout", 0).containsEntry("partition", 0)
                .containsEntry("fw_version", "1.0").containsEntry("fw_id", "20261101-000000/factory")
                .containsEntry("last_check", null).containsEntry("last_error", null);
    }

    @Test
    void aSecondUpdateWhileOneRunsIs409() throws Exception {
        server = TestHttp.Server.start().stalling("/slow.zip", BUNDLE).answer("/fw.zip", 200, BUNDLE);
        start(Map.of());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                HttpRequest.newBuilder(URI.create(agent.apiUrl("/update?url=") + server.url("/slow.zip")))
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(server.awaitStalled()).isTrue();

        HttpResponse<String> pull = TestHttp.post(agent.apiUrl("/update?url=") + server.url("/fw.zip"));
        assertThat(pull.statusCode()).isEqualTo(409);
        assertThat(pull.body()).isEqualTo("Another update is in progress.\r\n");
        assertThat(server.hits("/fw.zip")).isZero();
        assertThat(TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body())).containsEntry("state", "progress");

        server.release();
        HttpResponse<String> done = first.get();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo("(1) Update applied, finalizing\r\n");
    }

    @Test
    void revertAndCommitWhenCommittedAre400() throws Exception {
        start(Map.of());

        HttpResponse<String> revert = TestHttp.post(agent.apiUrl("/update/revert"));
        assertThat(revert.statusCode()).isEqualTo(400);
        assertThat(revert.body()).isEqualTo("Error");
        HttpResponse<String> commit = TestHttp.post(agent.apiUrl("/update/commit"));
        assertThat(commit.statusCode()).isEqualTo(400);
        assertThat(commit.body()).isEqualTo("Error");
        assertThat(agent.bootState().activeSlot()).isZero();
        assertThat(TestHttp.get(agent.apiUrl("/update/nothing")).statusCode()).isEqualTo(404);
    }

    @Test
    void revertOfAnUncommittedInstallSwitchesBack() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of());
        assertThat(TestHttp.post(agent.apiUrl("/update?url=") + server.url("/fw.zip")).statusCode()).isEqualTo(200);

        HttpResponse<String> revert = TestHttp.post(agent.apiUrl("/update/revert"));
        assertThat(revert.statusCode()).isEqualTo(200);
        assertThat(revert.body()).isEqualTo("Ok");
        BootState s = agent.bootState();
        assertThat(s.activeSlot()).isZero();
        assertThat(s.committed()).isTrue();
        Map<String, Object> st = TestHttp.json(TestHttp.get(agent.apiUrl("/update/status")).body());
        assertThat(st).containsEntry("rejected_version", "1.1").containsEntry("message", "Update reverted: explicit revert");
    }

    // ---------------------------------------------------------------------------------------

    private void start(Map<String, String> props) throws Exception {
        startWith(props);
    }

    private void startWith(Map<String, String> props) throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), new HashMap<>(props)).start();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = TestBundles.randomBytes(size, seed);
        return b;
    }
}
