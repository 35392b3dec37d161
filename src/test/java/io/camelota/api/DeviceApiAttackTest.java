package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 1, 3 and 6 performed for real against the agent on 127.0.0.1: a web page's
 * cross-site requests, GET links to state changes, DNS rebinding (a foreign Host), a token in the
 * query, non-http schemes and CR/LF in the URL. Each asserts the refusal and that the active slot
 * and boot-state.json are byte-identical afterwards.
 */
class DeviceApiAttackTest {

    private static final byte[] FACTORY = TestBundles.randomBytes(64 * 1024, 1);
    private static final byte[] APP = TestBundles.randomBytes(100 * 1024, 2);
    private static final byte[] BUNDLE = TestBundles.builder().name("demo-app").platform("ubuntu").version("1.1")
            .buildId("20261201-000000/attack").part("app", "app", "app.bin", APP).build();
    private static final String EVIL = "Origin: http://evil.example";

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
    void aWebPageCannotInstallPullOrChangeAnythingCrossSite() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of());
        RawHttp.DeviceFiles before = files(0);

        // a form any web page can submit: multipart POST
        assertThat(upload(EVIL).status()).isEqualTo(403);
        // the same with the browser's fetch metadata instead of Origin, and a sandboxed page ("null")
        assertThat(upload("Sec-Fetch-Site: cross-site").status()).isEqualTo(403);
        assertThat(upload("Origin: null").status()).isEqualTo(403);
        // pull, commit, revert, and even the status, from another origin
        assertThat(post("/update?url=" + server.url("/fw.zip"), EVIL).status()).isEqualTo(403);
        assertThat(post("/update/commit", EVIL).status()).isEqualTo(403);
        assertThat(post("/update/revert", EVIL).status()).isEqualTo(403);
        RawHttp.Answer status = get("/update/status", EVIL);
        assertThat(status.status()).isEqualTo(403);
        assertThat(status.body()).doesNotContain("state");

        assertThat(server.hits("/fw.zip")).isZero();
        assertThat(agent.slot(1)).doesNotExist();
        assertThat(agent.status().lastCheck()).isNull();
        assertThat(files(0)).isEqualTo(before);
        // the API's own origin is served
        assertThat(get("/update/status", "Origin: http://127.0.0.1:" + agent.httpPort()).status()).isEqualTo(200);
    }

    @Test
    void stateChangesByGetAre405AndChangeNothing() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of("update.commit_timeout", "300"));
        // an installed, uncommitted update: commit and revert would both act on it
        assertThat(TestHttp.post(agent.apiUrl("/update?commit_timeout=300&url=") + server.url("/fw.zip")).statusCode())
                .isEqualTo(200);
        assertThat(agent.bootState().committed()).isFalse();
        RawHttp.DeviceFiles before = files(1);

        for (String path : new String[] {"/update/commit", "/update/revert", "/update?url=" + server.url("/fw.zip"),
                                         "/update/commit/"}) {
            RawHttp.Answer a = get(path);
            assertThat(a.status()).as(path).isEqualTo(405);
            assertThat(a.headers()).as(path).containsEntry("allow", "POST");
        }
        assertThat(server.hits("/fw.zip")).isEqualTo(1);
        assertThat(files(1)).isEqualTo(before);
        assertThat(agent.bootState().committed()).isFalse();
        // POST still works: the state really was one a GET could have changed (after the reboot into the
        // new slot, during its commit window: an install that never booted cannot be committed)
        agent.reboot();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !agent.bootState().committed() && agent.bootState().started());
        assertThat(TestHttp.post(agent.apiUrl("/update/commit")).body()).isEqualTo("Ok");
    }

    @Test
    void aForeignHostIsRefused() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of("ota.http.allowed_hosts", "ota-gw.lan, Other.Example"));
        RawHttp.DeviceFiles before = files(0);
        int port = agent.httpPort();

        // DNS rebinding: evil.example now resolves to 127.0.0.1, the browser sends its own name
        assertThat(send("POST /update?url=" + server.url("/fw.zip") + " HTTP/1.1", "Host: evil.example:" + port).status())
                .isEqualTo(421);
        assertThat(send("GET /update/status HTTP/1.1", "Host: evil.example:" + port).status()).isEqualTo(421);
        assertThat(send("GET /update/status HTTP/1.1", "Host: 10.1.2.3:" + port).status()).isEqualTo(421);
        assertThat(send("GET /update/status HTTP/1.0").status()).isEqualTo(421);
        assertThat(server.hits("/fw.zip")).isZero();
        assertThat(files(0)).isEqualTo(before);

        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "ota-gw.lan:" + port, "other.example"}) {
            assertThat(send("GET /update/status HTTP/1.1", "Host: " + host).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void theTokenCountsOnlyInTheAuthorizationHeader() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of("ota.http.auth_token", "s3cret"));
        RawHttp.DeviceFiles before = files(0);
        String pull = "/update?url=" + server.url("/fw.zip");

        assertThat(post(pull + "&Authorization=Bearer%20s3cret").status()).isEqualTo(401);
        assertThat(send("POST " + pull + " HTTP/1.1", host(), "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: 29", "", "Authorization=Bearer%20s3cret").status()).isEqualTo(401);
        assertThat(post(pull, "Authorization: Bearer s3creT").status()).isEqualTo(401);
        assertThat(post(pull, "Authorization: Basic czNjcmV0").status()).isEqualTo(401);
        assertThat(post(pull, "Authorization: Bearer wrong", "Authorization: Bearer s3cret").status()).isEqualTo(401);
        RawHttp.Answer none = upload("Authorization: Bearer nope");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("www-authenticate", "Bearer");
        assertThat(server.hits("/fw.zip")).isZero();
        assertThat(files(0)).isEqualTo(before);

        assertThat(get("/update/status", "Authorization: Bearer s3cret").status()).isEqualTo(200);
    }

    @Test
    void onlyHttpAndHttpsUrlsArePulled() throws Exception {
        server = TestHttp.Server.start().answer("/fw.zip", 200, BUNDLE);
        start(Map.of());
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not read");
        RawHttp.DeviceFiles before = files(0);
        String plain = server.url("/fw.zip").substring("http".length());

        for (String url : new String[] {"file:" + secret, "file://" + secret, "jar:file:" + secret + "!/x",
                                        "gopher" + plain, "ftp" + plain, "ldap://127.0.0.1:9/", "//127.0.0.1:9/x",
                                        "http:/fw.zip"}) {
            RawHttp.Answer a = post("/update?url=" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8));
            assertThat(a.status()).as(url).isEqualTo(400);
            assertThat(a.body()).as(url).isEqualTo("Only http:// and https:// URLs are accepted.\r\n");
        }
        assertThat(server.hits("/fw.zip")).isZero();
        assertThat(agent.status().lastCheck()).isNull();
        assertThat(files(0)).isEqualTo(before);
    }

    @Test
    void crLfFromOutsideNeverReachesTheStatusAsALineBreak() throws Exception {
        start(Map.of());
        RawHttp.DeviceFiles before = files(0);

        RawHttp.Answer forged = post("/update?url=http://127.0.0.1:9/fw.zip%0D%0A12:00:00.000%20INFO%20forged");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).isEqualTo("Only http:// and https:// URLs are accepted.\r\n");
        assertThat(agent.status().lastCheck()).isNull();

        // a commit_timeout form field with a CR/LF: refused, and the status message shows it escaped
        String boundary = "b0undary";
        byte[] body = multipart(boundary, "1\r\nstate: success", BUNDLE);
        RawHttp.Answer upload = send("POST /update HTTP/1.1", host(), "Content-Type: multipart/form-data; boundary=" + boundary,
                "Content-Length: " + body.length, "", new String(body, StandardCharsets.ISO_8859_1));
        assertThat(upload.status()).isEqualTo(400);
        String json = TestHttp.get(agent.apiUrl("/update/status")).body();
        String message = (String) TestHttp.json(json).get("message");
        assertThat(message).isEqualTo("Invalid commit_timeout: 1\\r\\nstate: success");
        assertThat(message).doesNotContain("\r").doesNotContain("\n");
        assertThat(files(0)).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------

    private void start(Map<String, String> props) throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), new HashMap<>(props));
        agent.writeFactoryImage(FACTORY);
        agent.start();
    }

    private RawHttp.DeviceFiles files(int activeSlot) throws Exception {
        return RawHttp.DeviceFiles.of(agent.slot(activeSlot), agent.dataDir().resolve("boot-state.json"));
    }

    private String host() {
        return "Host: 127.0.0.1:" + agent.httpPort();
    }

    private RawHttp.Answer get(String path, String... headers) throws Exception {
        return RawHttp.send(agent.httpPort(), "GET " + path + " HTTP/1.1", null, with(host(), headers));
    }

    private RawHttp.Answer post(String path, String... headers) throws Exception {
        return RawHttp.send(agent.httpPort(), "POST " + path + " HTTP/1.1", new byte[0], with(host(), headers));
    }

    /** A request whose header lines are given as is; an empty line starts a body (the lines after it). */
    private RawHttp.Answer send(String requestLine, String... lines) throws Exception {
        int blank = java.util.Arrays.asList(lines).indexOf("");
        if (blank < 0) {
            return RawHttp.send(agent.httpPort(), requestLine, null, lines);
        }
        String[] head = java.util.Arrays.copyOf(lines, blank);
        String body = String.join("\r\n", java.util.Arrays.copyOfRange(lines, blank + 1, lines.length));
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), agent.httpPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(RawHttp.head(requestLine, -1, head));
            s.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
            return RawHttp.read(s.getInputStream());
        }
    }

    private RawHttp.Answer upload(String... headers) throws Exception {
        String boundary = "x7boundary";
        String[] all = with("Content-Type: multipart/form-data; boundary=" + boundary, with(host(), headers));
        return RawHttp.send(agent.httpPort(), "POST /update HTTP/1.1", multipart(boundary, null, BUNDLE), all);
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static byte[] multipart(String boundary, String commitTimeout, byte[] file) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (commitTimeout != null) {
            b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"commit_timeout\"\r\n\r\n"
                    + commitTimeout + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(file);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }
}
