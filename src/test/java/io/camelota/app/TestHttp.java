package io.camelota.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * HTTP for the agent tests, on 127.0.0.1 only: a java.net.http client for the device endpoints
 * and a small JDK HttpServer that serves fixed answers (a bundle, a health status, a 404, or a
 * bundle held back until the test releases it).
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHttp() {
    }

    public static HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    public static HttpResponse<String> post(String url, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), headers);
    }

    public static HttpResponse<byte[]> getBytes(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POST multipart/form-data built by hand: {@code parts} are written in order. */
    public static HttpResponse<String> postMultipart(String url, Part... parts) throws IOException, InterruptedException {
        String boundary = "----camelota-test-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part p : parts) {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(p.name).append('"');
            if (p.fileName != null) {
                h.append("; filename=\"").append(p.fileName).append("\"\r\nContent-Type: application/zip");
            }
            h.append("\r\n\r\n");
            body.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(p.content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                "Content-Type", "multipart/form-data; boundary=" + boundary);
    }

    /** One multipart part: a form field (fileName null) or a file. */
    public record Part(String name, String fileName, byte[] content) {
        public static Part field(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String fileName, byte[] content) {
            return new Part(name, fileName, content);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String... headers)
            throws IOException, InterruptedException {
        b.timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static Map<String, Object> json(String body) throws IOException {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
    }

    /** A JDK HttpServer on 127.0.0.1 and an ephemeral port. */
    public static final class Server implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, Integer> hits = new ConcurrentHashMap<>();
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch stalled = new CountDownLatch(1);

        private Server() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        public static Server start() throws IOException {
            return new Server();
        }

        /** Answers {@code status} with {@code body} at {@code path}. */
        public Server answer(String path, int status, byte[] body) {
            server.createContext(path, ex -> {
                hits.merge(path, 1, Integer::sum);
                ex.getRequestBody().readAllBytes();
                if (body.length == 0) {
                    ex.sendResponseHeaders(status, -1);
                } else {
                    ex.sendResponseHeaders(status, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
                ex.close();
            });
            return this;
        }

        /** Sends the headers and the first bytes of {@code body}, then waits for {@link #release()} to send the rest. */
        public Server stalling(String path, byte[] body) {
            server.createContext(path, ex -> {
                hits.merge(path, 1, Integer::sum);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body, 0, 100);
                    out.flush();
                    stalled.countDown();
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                    out.write(body, 100, body.length - 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            });
            return this;
        }

        public boolean awaitStalled() throws InterruptedException {
            return stalled.await(30, TimeUnit.SECONDS);
        }

        public void release() {
            release.countDown();
        }

        public int hits(String path) {
            return hits.getOrDefault(path, 0);
        }

        public String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
