package io.camelota.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.camelota.slot.SlotWriter;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MiB bundle uploaded by multipart POST installs, in an agent JVM whose
 * heap (-Xmx48m) is a sixth of the upload: the body can only have gone socket → disk → slot.
 * (Before: Vert.x's default 10 MiB body limit answered 413.)
 */
class LargeUploadTest {

    private static final long PART_BYTES = 300L << 20;
    private static final String HEAP = "-Xmx48m";

    @TempDir
    Path tmp;

    private Process agent;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a300MiBUploadInstallsInAnAgentWithA48MiBHeap() throws Exception {
        Path part = tmp.resolve("app.bin");
        String partSha = writeRandom(part, PART_BYTES);
        Path bundle = tmp.resolve("fw.zip");
        BundleWriter.create(new BundleSpec("demo-app", "ubuntu", "1.1", "20261201-000000/large", "2026-12-01T00:00:00Z",
                List.of(new BundleSpec.PartSpec("app", "app", part, Map.of()))), List.of(), bundle);
        Files.delete(part);

        Path data = tmp.resolve("data");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = tmp.resolve("agent.log");
        agent = launch(data, port, log);
        awaitStatus(port, log);

        String boundary = "large-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/update"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofMinutes(10))
                        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                                HttpRequest.BodyPublishers.ofFile(bundle), HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(Files.readString(log)).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Update applied, finalizing\r\n");
        assertThat(agent.isAlive()).as("the agent survived the upload").isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(SlotWriter.sha256(data.resolve("slot1.img"), PART_BYTES)).isEqualTo(partSha);
        assertThat(Files.readString(data.resolve("boot-state.json"))).containsPattern("\"active_slot\"\\s*:\\s*1");
    }

    // ---------------------------------------------------------------------------------------

    private static Process launch(Path data, int port, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-cp", classPath()));
        Map.of("ota.data_dir", data.toString(), "ota.http.port", Integer.toString(port), "boot.reboot_mode", "none",
                "device.platform", "ubuntu", "device.mac", "0A1B2C3D4E5F", "update.interval", "0")
                .forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("io.camelota.app.OtaMain");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_")
                || k.startsWith("FLASH_") || k.startsWith("BOOT_"));
        return pb.start();
    }

    /** Readiness: the status endpoint answers (polled; the outcome is decided by the upload, not by time). */
    private void awaitStatus(int port, Path log) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < end && agent.isAlive()) {
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/update/status"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("agent did not come up: " + Files.readString(log));
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    /** Pseudo-random bytes, 1 MiB at a time, hashed as they are written. */
    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
