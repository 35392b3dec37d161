package io.camelota.host;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import io.camelota.tool.BundleSpec;
import io.camelota.tool.BundleWriter;

/**
 * What the host-application tests (examples/*) share: a large bundle on disk, a loopback server
 * that streams it, and a host application started as a JVM of its own with only its runtime class
 * path (the camel-ota artifact, the host's framework and logging) — never the test class path.
 */
public final class HostHarness implements AutoCloseable {

    /** A bundle file and the SHA-256 of its one app part (what the slot must hold afterwards). */
    public record Bundle(Path file, long partBytes, String partSha256) {
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A stored-ZIP Mongoose bundle with one app part of {@code partBytes} pseudo-random bytes. */
    public static Bundle bundle(Path dir, long partBytes, String version) throws Exception {
        Path part = dir.resolve("app-" + version + ".bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(partBytes ^ version.hashCode());
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(part)) {
            for (long done = 0; done < partBytes; done += block.length) {
                int n = (int) Math.min(block.length, partBytes - done);
                random.nextBytes(block);
                sha.update(block, 0, n);
                out.write(block, 0, n);
            }
        }
        Path bundle = dir.resolve("fw-" + version + ".zip");
        BundleWriter.create(new BundleSpec("host-app", "ubuntu", version, "20261202-000000/" + version,
                "2026-12-02T00:00:00Z", List.of(new BundleSpec.PartSpec("app", "app", part, Map.of()))), List.of(), bundle);
        Files.delete(part);
        return new Bundle(bundle, partBytes, HexFormat.of().formatHex(sha.digest()));
    }

    /** Serves {@code file} at http://127.0.0.1:port/fw.zip, streamed from disk (never whole in memory). */
    public String serve(Path file) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fw.zip", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/zip");
            ex.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.start();
        open.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fw.zip";
    }

    /**
     * The device keys every host test sets: poll {@code url} every second, slots and data folder in
     * {@code dir}, the agent's own server on {@code port}. {@code prefix} is "" or "ota." (a host
     * with ota.keys=prefixed); the agent's own ota.* keys never take a second prefix.
     */
    public static Map<String, String> deviceProperties(Path dir, String url, int port, String prefix) {
        return new java.util.TreeMap<>(Map.of(
                prefix + "update.url", url, prefix + "update.interval", "1",
                prefix + "flash.slot.0.path", dir.resolve("slot0.img").toString(),
                prefix + "flash.slot.1.path", dir.resolve("slot1.img").toString(),
                "ota.data_dir", dir.resolve("ota").toString(),
                "ota.http.port", Integer.toString(port)));
    }

    /** A free loopback port for the agent's own server. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code mainClass} in its own JVM, output to {@code log}.
     *
     * @param classPathFile the host module's runtime class path as written by
     *                      dependency:build-classpath (its own classes are added in front)
     */
    public Process start(Path classPathFile, Path classes, String mainClass, List<String> jvmOptions,
                         Map<String, String> systemProperties, Path workDir, Path log, String... args) throws IOException {
        String cp = classes + java.io.File.pathSeparator + Files.readString(classPathFile).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("UPDATE_") || k.startsWith("OTA_") || k.startsWith("FLASH_")
                || k.startsWith("BOOT_") || k.startsWith("DEVICE_") || k.startsWith("HEALTH_") || k.startsWith("APP_"));
        Process p = pb.start();
        open.add(() -> {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        });
        return p;
    }

    /** Waits until the log has a line matching {@code done}; fails with the log when the process ends first. */
    public static String awaitLog(Process p, Path log, Predicate<String> done, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (done.test(text)) {
                return text;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the host application ended (exit " + p.exitValue() + "):\n" + text);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen within " + limit + ":\n" + Files.readString(log));
    }

    /** GET a URL on loopback; the body, or null while nothing listens there yet. */
    public static HttpResponse<String> get(String url) throws InterruptedException {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
            return null;
        }
    }

    /** Polls a status URL until its 200 body contains {@code wanted} (one minute at most); returns that body. */
    public static String awaitStatus(String url, String wanted) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String last = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = get(url);
            if (r != null && r.statusCode() == 200) {
                last = r.body();
                if (last.contains(wanted)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never had " + wanted + ": " + last);
    }

    /** How often {@code what} occurs in {@code text} (e.g. a host route's log line). */
    public static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
