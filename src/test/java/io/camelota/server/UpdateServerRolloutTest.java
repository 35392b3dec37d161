package io.camelota.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import io.camelota.http.RolloutNginxTest;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ota.server.rollout_percent: the update-server route stages a rollout as nginx's add_header does. */
class UpdateServerRolloutTest {

    private static final String FW = "X-MGOS-FW-Version";
    private static final String FACTORY = "ubuntu 1.0 20261101-000000/factory";

    @TempDir
    Path tmp;
    private TestAgent server;

    @BeforeEach
    void setUp() throws Exception {
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        Files.write(bundles.resolve("fw.zip"), TestBundles.builder().platform("ubuntu").version("1.1")
                .buildId("20261201-000000/rollout").part("app", "app", "fw.bin", TestBundles.randomBytes(300_000, 4))
                .build());
        server = TestAgent.on(tmp.resolve("server"), Map.of("ota.server.enabled", "true",
                "ota.server.dir", bundles.toString(), "ota.server.rollout_percent", "30")).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void everyAnswerCarriesThePercentageThe304sToo() throws Exception {
        HttpResponse<byte[]> ok = TestHttp.getBytes(server.apiUrl("/firmware/fw.zip"), FW, FACTORY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-OTA-Rollout")).hasValue("30");
        String etag = ok.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = TestHttp.getBytes(server.apiUrl("/firmware/fw.zip"), FW, FACTORY,
                "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("X-OTA-Rollout")).hasValue("30");
    }

    @Test
    void devicesOnEitherSideOfThePercentage() throws Exception {
        String inside = RolloutNginxTest.deviceWhere("srv-in", b -> b < 30, "1.1");
        String outside = RolloutNginxTest.deviceWhere("srv-out", b -> b >= 30, "1.1");
        try (TestAgent in = device(inside); TestAgent out = device(outside)) {
            in.checkNow(server.apiUrl("/firmware/fw.zip"));
            assertThat(in.status().message()).isEqualTo("Update applied, finalizing");

            out.checkNow(server.apiUrl("/firmware/fw.zip"));
            out.checkNow(server.apiUrl("/firmware/fw.zip"));
            assertThat(out.status().state()).isEqualTo(UpdateState.SUCCESS);
            assertThat(out.status().message()).startsWith("Deferred by rollout: bucket ").endsWith(" \u2265 30 %");
            assertThat(out.bootState().slots().get(1)).isNull();
            // a pull from the URL is the same check: it respects the percentage too
            HttpResponse<String> pull = TestHttp.post(out.apiUrl("/update?url=" + java.net.URLEncoder.encode(
                    server.apiUrl("/firmware/fw.zip"), java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(pull.statusCode()).isEqualTo(200);
            assertThat(pull.body()).startsWith("(1) Deferred by rollout: bucket ");
            assertThat(out.bootState().slots().get(1)).isNull();
            // the second poll was conditional on the deferred bundle's ETag
            assertThat(out.dataDir().resolve("rollout-deferrals.json")).content().contains("\"version\":\"1.1\"");
        }
        // the route's access log, in nginx's ota format: the aborted 200 is logged with the bundle's size
        // (the route cannot see where the client stopped), the deferred device's next poll as a 304 of 0 bytes
        java.util.List<String> log = Files.readAllLines(tmp.resolve("bundles").resolve("access.log"));
        String fw = "\"ubuntu 1.0 20261101-000000/factory\" \"-\"";
        assertThat(log).hasSize(4);
        assertThat(log.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00 \"" + inside
                + " 0A1B2C3D4E5F\" " + java.util.regex.Pattern.quote(fw) + " 200 \\d+ \"committed\"");
        assertThat(log.get(1)).contains("\"" + outside + " 0A1B2C3D4E5F\" " + fw + " 200 ").endsWith(" \"committed\"");
        assertThat(log.get(2)).contains("\"" + outside + " 0A1B2C3D4E5F\" " + fw + " 304 0 \"deferred\"");
    }

    @Test
    void theAccessLogEscapesWhatADeviceSendsAsNginxDoes() throws Exception {
        // raw bytes on the wire, as a device sends them: UTF-8 é is C3 A9
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.httpPort())) {
            java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
            req.writeBytes(("GET /firmware/fw.zip HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + FW + ": "
                    + FACTORY + "\r\nX-OTA-State: committed\r\nX-MGOS-Device-ID: a\"b\\c ").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            req.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xA9});
            req.writeBytes(" <x>\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sock.getOutputStream().write(req.toByteArray());
            String head = new String(sock.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200");
            sock.getInputStream().readAllBytes();
        }
        long end = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(tmp.resolve("bundles").resolve("access.log")) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        java.util.List<String> log = Files.readAllLines(tmp.resolve("bundles").resolve("access.log"));
        assertThat(log).hasSize(1);
        // a quote cannot end the field, a backslash cannot fake an escape, UTF-8 goes byte by byte
        assertThat(log.get(0)).contains(" \"a\\x22b\\x5Cc \\xC3\\xA9 <x>\" \"" + FACTORY + "\" \"-\" 200 ")
                .endsWith(" \"committed\"");
    }

    private TestAgent device(String id) throws Exception {
        TestAgent a = TestAgent.on(tmp.resolve("dev-" + id), Map.of("device.id", id));
        a.writeFactoryImage(TestBundles.randomBytes(5000, 1));
        return a.start();
    }
}
