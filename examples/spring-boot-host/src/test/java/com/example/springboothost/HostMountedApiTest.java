package com.example.springboothost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.camelota.host.HostHarness;
import io.camelota.slot.SlotWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ota.http.mode=host in a Spring Boot application: the device API is served by Spring's own web
 * server (Tomcat, through camel-platform-http-starter) at ota.http.path_prefix (/ota), the agent
 * opens no server of its own, a bundle uploads through Spring's multipart handling — within
 * Spring's spring.servlet.multipart.max-file-size / max-request-size, which refuse a larger one
 * before the agent sees it — the agent's Camel health check shows in Spring's /actuator/health, and the in-route guard still refuses a foreign Host and a
 * cross-origin request (the guard sees the headers Spring passes to the route).
 */
class HostMountedApiTest {

    private static final long PART_BYTES = 8L << 20;

    @TempDir
    Path tmp;

    @Test
    void theDeviceApiIsServedBySpringsServerAndTakesAnUploadWithinSpringsLimits() throws Exception {
        try (HostHarness harness = new HostHarness()) {
            HostHarness.Bundle bundle = HostHarness.bundle(tmp, PART_BYTES, "1.2");
            int springPort = HostHarness.freePort();
            int agentPort = HostHarness.freePort();
            Map<String, String> props = new TreeMap<>(Map.of(
                    // no scheduled poll (interval 0): the upload alone decides; the URL stays on loopback regardless
                    "update.url", "http://127.0.0.1:" + HostHarness.freePort() + "/fw.zip", "update.interval", "0",
                    "ota.http.mode", "host",
                    "server.port", Integer.toString(springPort),
                    // Spring's defaults (1MB / 10MB) would refuse any real bundle: the host raises them
                    "spring.servlet.multipart.max-file-size", "16MB",
                    "spring.servlet.multipart.max-request-size", "16MB",
                    "flash.slot.0.path", tmp.resolve("slot0.img").toString(),
                    "flash.slot.1.path", tmp.resolve("slot1.img").toString(),
                    "ota.data_dir", tmp.resolve("ota").toString(),
                    // would be the agent's own server: in mode host nothing may listen there
                    "ota.http.port", Integer.toString(agentPort)));
            Path log = tmp.resolve("host.log");
            Process app = harness.start(Path.of(System.getProperty("host.classpath")), Path.of(System.getProperty("host.classes")),
                    HostApplication.class.getName(), List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"), props, tmp, log);
            String out = HostHarness.awaitLog(app, log, t -> t.contains("Started HostApplication"), Duration.ofMinutes(3));
            assertThat(out).contains("device API: mounted on the host application's platform-http server at /ota/update");

            String base = "http://127.0.0.1:" + springPort + "/ota/update";
            String status = HostHarness.awaitStatus(base + "/status", "\"is_committed\":true");
            assertThat(status).contains("\"partition\":0").contains("\"reboot_required\":false");
            assertThat(HostHarness.get("http://127.0.0.1:" + agentPort + "/update/status"))
                    .as("no server of the agent's own in mode host").isNull();
            // the agent's Camel health check in Spring Boot's actuator, beside the host's own routes' checks
            HttpResponse<String> health = HostHarness.get("http://127.0.0.1:" + springPort + "/actuator/health");
            assertThat(health).isNotNull();
            assertThat(health.body()).contains("\"camelHealth\"").contains("\"camel-ota\":\"UP\"")
                    .contains("\"check.id\":\"camel-ota\"").contains("\"fw_version\":\"1.0\"").contains("\"route:install\"");

            // attacks through Spring's server: DNS rebinding (a foreign Host) and a cross-origin state change
            assertThat(rawStatusLine(springPort, "GET /ota/update/status HTTP/1.1\r\nHost: evil.example\r\n"))
                    .contains(" 421");
            assertThat(rawStatusLine(springPort, "POST /ota/update/revert HTTP/1.1\r\nHost: 127.0.0.1:" + springPort
                    + "\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n")).contains(" 403");

            // over Spring's multipart limit: refused by Spring, the slot is never touched
            Path tooBig = tmp.resolve("too-big.zip");
            writeRandom(tooBig, 20L << 20);
            HttpResponse<String> refused = upload(base, tooBig);
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).as("Spring's answer, not the agent's").doesNotContain("Request body too large");
            assertThat(HostHarness.awaitLog(app, log, t -> t.contains("MaxUploadSizeExceededException"), Duration.ofSeconds(10)))
                    .contains("Maximum upload size exceeded");
            assertThat(tmp.resolve("slot1.img")).doesNotExist();

            // within it: installed into the inactive slot, the reboot handed to the host's route
            HttpResponse<String> applied = upload(base, bundle.file());
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            assertThat(applied.body()).contains("Update applied");
            assertThat(SlotWriter.sha256(tmp.resolve("slot1.img"), PART_BYTES)).isEqualTo(bundle.partSha256());
            HostHarness.awaitLog(app, log, t -> t.contains("host restart requested (OtaRebootRequired=true)"), Duration.ofSeconds(30));
            assertThat(HostHarness.awaitStatus(base + "/status", "\"reboot_required\":true")).contains("\"partition\":1");
        }
    }

    /** POST a file as multipart/form-data (field "file"), streamed from disk. */
    private static HttpResponse<String> upload(String url, Path file) throws Exception {
        String boundary = "camelota" + Long.toHexString(new Random().nextLong());
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** A request whose headers the JDK's client would not send (Host): written on a socket, the status line read back. */
    private static String rawStatusLine(int port, String requestHead) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((requestHead + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private static void writeRandom(Path file, long bytes) throws Exception {
        byte[] block = new byte[1 << 20];
        Random random = new Random(bytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < bytes; done += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

}
