package io.camelota.flash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny update server on 127.0.0.1 (port picked by the OS) for flash tests. Each path serves one body:
 * with Content-Length ({@link #serve}), chunked with no length ({@link #serveChunked}), or with the full
 * Content-Length declared but the connection closed after {@code cutAt} bytes ({@link #serveTruncated}).
 */
public final class BundleServer implements AutoCloseable {

    private enum Mode { LENGTH, CHUNKED }

    private record Body(byte[] bytes, Mode mode) {
    }

    private final HttpServer server;
    private final Map<String, Body> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<ServerSocket> rawSockets = new CopyOnWriteArrayList<>();

    public BundleServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code path} with Content-Length; returns the full URL. */
    public String serve(String path, byte[] bytes) {
        bodies.put(path, new Body(bytes, Mode.LENGTH));
        return url(path);
    }

    /** Serves {@code bytes} chunked (no Content-Length). */
    public String serveChunked(String path, byte[] bytes) {
        bodies.put(path, new Body(bytes, Mode.CHUNKED));
        return url(path);
    }

    /**
     * Declares Content-Length = bytes.length, sends the first {@code cutAt} bytes, then closes the TCP connection.
     * (HttpServer keeps a short fixed-length response's connection open, so this one speaks raw HTTP/1.1 on a
     * socket of its own; the URL it returns points there.)
     */
    public String serveTruncated(String path, byte[] bytes, int cutAt) throws IOException {
        ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        rawSockets.add(socket);
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    requests.incrementAndGet();
                    readRequestHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, 0, cutAt);
                    out.flush();
                } catch (IOException e) {
                    // closed by close(), or the client went away: either way this connection is over
                }
            }
        }, "bundle-server-truncated");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
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
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        for (ServerSocket s : rawSockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
