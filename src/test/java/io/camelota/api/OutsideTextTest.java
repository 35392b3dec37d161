package io.camelota.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import io.camelota.status.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside text with terminal escapes (ESC, BEL), line breaks and a bidi override (U+202E), sent the
 * way an attacker can: a redirect Location, manifest fields, a zip entry name. None of these characters
 * may reach the log, the status JSON or an API answer raw.
 */
class OutsideTextTest {

    /** ESC [2J clears a terminal, BEL rings it, CR/LF forge a log line, U+202E reverses what follows. */
    private static final String EVIL = "\u001b[2J\u0007\r\n12:00:00.000 INFO forged \u202egpj.exe";
    /** Without CR/LF: BootControl's own lines (left to its rework) print the version and must stay one line each. */
    private static final String EVIL_ONE_LINE = "\u001b[2J\u0007 \u202egpj.exe";
    private static final String[] RAW = {"\u001b", "\u0007", "\r", "\n", "\u202e"};

    @TempDir
    Path tmp;
    private TestAgent agent;
    private ServerSocket raw;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    @Test
    void aRedirectLocationWithEscapesIsEscapedInTheLogAndTheAnswer() throws Exception {
        // a server that answers every request with a redirect whose Location carries ESC and BEL
        String location = "\u001b]0;owned\u0007http://x/\u001b[31m";
        int port = rawServer("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        start();
        try (LogCapture log = new LogCapture()) {
            RawHttp.Answer a = RawHttp.send(agent.httpPort(), "POST /update?url=http://127.0.0.1:" + port + "/fw.zip HTTP/1.1",
                    new byte[0], "Host: 127.0.0.1:" + agent.httpPort());
            assertThat(a.body()).startsWith("(-1) Invalid redirect location: \\u001b]0;owned\\u0007http://x/");
            assertNoneRaw(a.body().strip());     // the answer ends with its own CRLF
            String status = TestHttp.get(agent.apiUrl("/update/status")).body();
            assertThat((String) TestHttp.json(status).get("message")).contains("\\u001b]0;owned");
            assertNoneRaw(status);
            assertThat(log.text()).contains("Invalid redirect location: \\u001b]0;owned\\u0007");
            assertNoneRaw(log.text());
        }
    }

    @Test
    void manifestFieldsAndEntryNamesAreEscapedInTheLogAndTheStatus() throws Exception {
        byte[] app = TestBundles.randomBytes(4096, 3);
        byte[] bundle = TestBundles.builder().name("app" + EVIL).version("1.1" + EVIL_ONE_LINE).buildId("b" + EVIL)
                .part("app", "app", "fw" + EVIL + ".bin", app).build();
        start();
        try (LogCapture log = new LogCapture()) {
            assertThat(TestHttp.postMultipart(agent.apiUrl("/update"),
                    TestHttp.Part.file("file", "fw.zip", bundle)).statusCode()).isEqualTo(200);
            String status = TestHttp.get(agent.apiUrl("/update/status")).body();
            Map<String, Object> json = TestHttp.json(status);
            assertThat((String) json.get("fw_version")).isEqualTo("1.1\\u001b[2J\\u0007 \\u202egpj.exe");
            assertThat((String) json.get("fw_id")).startsWith("b\\u001b[2J");
            assertNoneRaw(status);
            // the update is undone: the version becomes the rejected one
            assertThat(TestHttp.post(agent.apiUrl("/update/revert")).statusCode()).isEqualTo(200);
            String after = TestHttp.get(agent.apiUrl("/update/status")).body();
            assertThat((String) TestHttp.json(after).get("rejected_version")).startsWith("1.1\\u001b[2J");
            assertNoneRaw(after);
            assertThat(log.text()).contains("writing fw\\u001b[2J\\u0007\\r\\n12:00:00.000 INFO forged \\u202egpj.exe.bin");
            assertNoneRaw(installerLines(log.text()));
        }
    }

    @Test
    void anEntryNameInADigestMismatchIsEscapedInTheAnswerTheStatusAndTheLog() throws Exception {
        byte[] bundle = TestBundles.builder().version("1.1").part("app", "app", "fw" + EVIL + ".bin",
                TestBundles.randomBytes(4096, 4)).partAttr("app", "cs_sha256", "00".repeat(32)).build();
        start();
        try (LogCapture log = new LogCapture()) {
            var answer = TestHttp.postMultipart(agent.apiUrl("/update"), TestHttp.Part.file("file", "fw.zip", bundle));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).startsWith("Digest mismatch: fw\\u001b[2J");
            assertNoneRaw(answer.body().strip());
            String status = TestHttp.get(agent.apiUrl("/update/status")).body();
            assertNoneRaw(status);
            assertThat(log.text()).contains("Digest mismatch: fw\\u001b[2J\\u0007\\r\\n12:00");
            assertNoneRaw(log.text());
        }
    }

    // ---------------------------------------------------------------------------------------

    /** The log minus the lines BootControl prints (left to its own rework; listed in docs/security-hardening.md). */
    private static String installerLines(String log) {
        StringBuilder out = new StringBuilder();
        for (String line : log.split("\n", -1)) {
            if (!line.contains(" BootControl - ")) {
                out.append(line).append(' ');
            }
        }
        return out.toString();
    }

    private static void assertNoneRaw(String text) {
        // the lines of a captured log end in LF: each line, not the joins between them, is checked
        for (String line : text.split("\n", -1)) {
            for (String c : RAW) {
                if (!c.equals("\n")) {
                    assertThat(line).as("raw U+%04X in: %s", (int) c.charAt(0), line).doesNotContain(c);
                }
            }
        }
        assertThat(text.lines().filter(l -> l.contains("INFO forged") && l.matches("^12:00:00\\.000 INFO forged.*")))
                .as("no forged log line").isEmpty();
    }

    private void start() throws Exception {
        agent = TestAgent.on(tmp.resolve("data"), new HashMap<>());
        agent.writeFactoryImage(TestBundles.randomBytes(8192, 1));
        agent.start();
    }

    private int rawServer(String answer) throws IOException {
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!raw.isClosed()) {
                try (Socket s = raw.accept()) {
                    InputStream in = s.getInputStream();
                    int m = 0;
                    while (m < 4) {                     // read the request's head
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        m = b == "\r\n\r\n".charAt(m) ? m + 1 : (b == '\r' ? 1 : 0);
                    }
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        }, "raw-redirect-server");
        t.setDaemon(true);
        t.start();
        return raw.getLocalPort();
    }
}
