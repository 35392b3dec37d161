package io.camelota.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.StandardConstants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A JDK HTTP(S) server on 127.0.0.1 (port picked by the OS) that records every request and answers
 * what the test scripted per path (404 for anything else).
 * <p>
 * Plain HTTP goes through a small TCP tap in front of the JDK server, so {@link #rawHeads()} holds each
 * request head byte for byte as it came off the wire (the JDK server normalises header-name case).
 * The tap can also be told to {@linkplain #silent() accept and never answer}. HTTPS servers record the
 * SNI name and the client certificate subject instead.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as the JDK server parsed it (header names normalised: first letter upper, rest lower). */
    public record Request(String method, String path, Map<String, List<String>> headers, String clientSubject) {
        public String header(String name) {
            List<String> v = headers.get(name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private final HttpServer server;
    private final ServerSocket tap;          // null for https
    private final boolean https;
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> rawHeads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean silent = new AtomicBoolean();
    private volatile String sniName;
    private volatile int connections;

    private RecordingHttpServer(SSLContext ssl, boolean needClientAuth) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        https = ssl != null;
        if (https) {
            HttpsServer s = HttpsServer.create(any, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters sp = ssl.getDefaultSSLParameters();
                    sp.setNeedClientAuth(needClientAuth);
                    sp.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                        @Override
                        public boolean matches(SNIServerName name) {
                            sniName = ((SNIHostName) name).getAsciiName();
                            return true;
                        }
                    }));
                    params.setSSLParameters(sp);
                }
            });
            server = s;
            tap = null;
        } else {
            server = HttpServer.create(any, 0);
            tap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::dispatch);
        server.start();
        if (tap != null) {
            daemon(this::acceptLoop, "recording-http-tap");
        }
    }

    /** A plain HTTP server behind the recording tap. */
    public static RecordingHttpServer start() throws IOException {
        return new RecordingHttpServer(null, false);
    }

    /** An HTTPS server presenting {@code ctx}'s key; {@code needClientAuth} demands a client certificate. */
    public static RecordingHttpServer https(SSLContext ctx, boolean needClientAuth) throws IOException {
        return new RecordingHttpServer(ctx, needClientAuth);
    }

    /** Scripts {@code path}: answer {@code status} with the given header name/value pairs and no body. */
    public RecordingHttpServer respond(String path, int status, String... headerPairs) {
        return handle(path, ex -> {
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                ex.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            ex.sendResponseHeaders(status, status == 304 || status == 204 ? -1 : 0);
            ex.close();
        });
    }

    /** Scripts {@code path} with a handler of the test's own. */
    public RecordingHttpServer handle(String path, HttpHandler handler) {
        handlers.put(path, handler);
        return this;
    }

    /** From now on the tap accepts connections, records what arrives and never answers (plain HTTP only). */
    public RecordingHttpServer silent() {
        if (https) {
            throw new IllegalStateException("silent() needs the plain HTTP tap");
        }
        silent.set(true);
        return this;
    }

    public int port() {
        return https ? server.getAddress().getPort() : tap.getLocalPort();
    }

    public String url(String path) {
        return (https ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> paths() {
        return requests.stream().map(Request::path).toList();
    }

    /** Each plain-HTTP request head (request line and header lines, CRLF-separated, no blank line) as received. */
    public List<String> rawHeads() {
        return List.copyOf(rawHeads);
    }

    /** The header lines of raw head {@code i}, exactly as received. */
    public List<String> rawHeaderLines(int i) {
        List<String> lines = new ArrayList<>(List.of(rawHeads.get(i).split("\r\n", -1)));
        lines.remove(0);
        return lines;
    }

    /** TCP connections the plain-HTTP tap accepted (since the last {@link #reset()}). */
    public int connections() {
        return connections;
    }

    public String sniName() {
        return sniName;
    }

    /** Waits until at least {@code n} requests reached the handlers (silent: were received); false on timeout. */
    public boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            boolean handled = requests.size() >= n;
            boolean raw = https || rawHeads.size() >= n;
            if (raw && (handled || silent.get())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public void reset() {
        requests.clear();
        rawHeads.clear();
        sniName = null;
        connections = 0;
    }

    @Override
    public void close() {
        try {
            if (tap != null) {
                tap.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(RecordingHttpServer::closeQuietly);
        server.stop(0);
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String subject = null;
        if (ex instanceof HttpsExchange hx) {
            try {
                subject = hx.getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                subject = null;
            }
        }
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, subject));
        HttpHandler h = handlers.get(ex.getRequestURI().getPath());
        if (h == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        h.handle(ex);
    }

    private void acceptLoop() {
        while (!tap.isClosed()) {
            Socket client;
            try {
                client = tap.accept();
            } catch (IOException e) {
                return;
            }
            connections++;
            sockets.add(client);
            daemon(() -> serve(client), "recording-http-conn");
        }
    }

    private void serve(Socket client) {
        try {
            if (silent.get()) {
                recordHeads(client.getInputStream(), null);
                return;
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
            sockets.add(upstream);
            daemon(() -> pipe(upstream, client), "recording-http-back");
            recordHeads(client.getInputStream(), upstream.getOutputStream());
        } catch (IOException e) {
            // connection gone
        } finally {
            closeQuietly(client);
        }
    }

    /** Copies client bytes upstream (when given); each head is recorded before it is forwarded. GET only: no bodies. */
    private void recordHeads(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                rawHeads.add(new String(h, 0, n - 4, StandardCharsets.ISO_8859_1));
                if (out != null) {
                    out.write(h);
                    out.flush();
                }
                head.reset();
            }
        }
        if (out != null) {
            out.close();
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
