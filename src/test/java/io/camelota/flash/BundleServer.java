package io.camelota.flash;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny update server on 127.0.0.1 (port picked by the OS) for flash tests. Each path serves one body:
 * with Content-Length ({@link #serve}), chunked with no length ({@link #serveChunked}), or with the full
 * Content-Length declared but the connection closed after {@code cutAt} bytes ({@link #serveTruncated}).
 */
public final class BundleServer implements AutoCloseable {

    private enum Mode { LENGTH, CHUNKED, TRUNCATED }

    private record Body(byte[] bytes, Mode mode, int cutAt) {
    }

    private final HttpServer server;
    private final Map<String, Body> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public BundleServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code path} with Content-Length; returns the full URL. */
    public String serve(String path, byte[] bytes) {
        bodies.put(path, new Body(bytes, Mode.LENGTH, bytes.length));
        return url(path);
    }

    /** Serves {@code bytes} chunked (no Content-Length). */
    public String serveChunked(String path, byte[] bytes) {
        bodies.put(path, new Body(bytes, Mode.CHUNKED, bytes.length));
        return url(path);
    }

    /** Declares Content-Length = bytes.length, sends the first {@code cutAt} bytes, then closes the connection. */
    public String serveTruncated(String path, byte[] bytes, int cutAt) {
        bodies.put(path, new Body(bytes, Mode.TRUNCATED, cutAt));
        return url(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How many requests arrived so far (any path). */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        Body body = bodies.get(ex.getRequestURI().getPath());
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/zip");
            switch (body.mode()) {
                case LENGTH -> {
                    ex.sendResponseHeaders(200, body.bytes().length == 0 ? -1 : body.bytes().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body.bytes());
                    }
                }
                case CHUNKED -> {
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int off = 0; off < body.bytes().length; off += 8192) {
                            out.write(body.bytes(), off, Math.min(8192, body.bytes().length - off));
                            out.flush();
                        }
                    }
                }
                case TRUNCATED -> {
                    ex.sendResponseHeaders(200, body.bytes().length);
                    OutputStream out = ex.getResponseBody();
                    out.write(body.bytes(), 0, body.cutAt());
                    out.flush();
                    try {
                        // closing a fixed-length stream short of its length drops the connection
                        out.close();
                    } catch (IOException expected) {
                        // "insufficient bytes written to stream": exactly the point
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
