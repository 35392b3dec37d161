package io.camelota.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately unreliable HTTP/1.1 server on a raw {@link ServerSocket} (127.0.0.1, port chosen
 * by the OS) serving one bundle with ETag and Content-Length. It honours {@code Range: bytes=N-}
 * (206 + Content-Range) guarded by If-Range, answers 304 to a matching If-None-Match, and can be
 * told per request number (1-based) to misbehave: see {@link Fault}. Every response closes its
 * connection, so one connection carries one request. Every request is recorded.
 */
public final class MisbehavingServer implements AutoCloseable {

    /** What to do with one request. */
    public enum Kind {
        NORMAL, RESET_AFTER, CLOSE_AFTER, STALL_AFTER, LENGTH_DELTA, IGNORE_RANGE, WRONG_CONTENT_RANGE,
        STATUS, REDIRECT_LOOP, DRIP, CHUNKED
    }

    /**
     * @param n          bytes of body written before the fault (RESET/CLOSE/STALL/DRIP), or the Content-Length
     *                   delta (LENGTH_DELTA: +100 claims 100 bytes more than the body)
     * @param status     for STATUS
     * @param retryAfter for STATUS: a Retry-After value or null
     */
    public record Fault(Kind kind, long n, int status, String retryAfter) {
        public static final Fault NORMAL = new Fault(Kind.NORMAL, 0, 0, null);

        public static Fault resetAfter(long bytes) { return new Fault(Kind.RESET_AFTER, bytes, 0, null); }
        public static Fault closeAfter(long bytes) { return new Fault(Kind.CLOSE_AFTER, bytes, 0, null); }
        /** Writes {@code bytes}, then nothing until {@link #release()} or {@link #close()}. */
        public static Fault stallAfter(long bytes) { return new Fault(Kind.STALL_AFTER, bytes, 0, null); }
        public static Fault lengthDelta(long delta) { return new Fault(Kind.LENGTH_DELTA, delta, 0, null); }
        /** 200 with the whole body whatever Range says. */
        public static Fault ignoreRange() { return new Fault(Kind.IGNORE_RANGE, 0, 0, null); }
        /** A 206 whose Content-Range starts at 0 (with the whole body), whatever was asked. */
        public static Fault wrongContentRange() { return new Fault(Kind.WRONG_CONTENT_RANGE, 0, 0, null); }
        public static Fault status(int code) { return new Fault(Kind.STATUS, 0, code, null); }
        public static Fault status(int code, String retryAfter) { return new Fault(Kind.STATUS, 0, code, retryAfter); }
        /** 302 back to the same path. */
        public static Fault redirectLoop() { return new Fault(Kind.REDIRECT_LOOP, 0, 0, null); }
        /** Writes {@code bytes} at 1 byte/s, then stalls like {@link #stallAfter}. */
        public static Fault drip(long bytes) { return new Fault(Kind.DRIP, bytes, 0, null); }
        /** 200, Transfer-Encoding: chunked, no Content-Length. */
        public static Fault chunked() { return new Fault(Kind.CHUNKED, 0, 0, null); }
    }

    /** One recorded request: its request line and headers (names lower-cased). */
    public record Request(int number, String line, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private volatile byte[] body;
    private volatile String etag;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Integer, Fault> plan = new ConcurrentHashMap<>();
    private volatile Fault otherwise = Fault.NORMAL;
    private volatile LongSupplier clientReceived;
    private final Map<Integer, Long> written = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean closed;

    public MisbehavingServer(byte[] body, String etag) throws IOException {
        this.body = body.clone();
        this.etag = etag;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "misbehaving-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves other content from now on (a new release at the same URL). */
    public MisbehavingServer serve(byte[] newBody, String newEtag) {
        this.body = newBody.clone();
        this.etag = newEtag;
        return this;
    }

    /** What request number {@code n} (1-based) gets. */
    public MisbehavingServer on(int n, Fault f) {
        plan.put(n, f);
        return this;
    }

    /** What every request without its own plan gets. */
    public MisbehavingServer otherwise(Fault f) {
        otherwise = f;
        return this;
    }

    /**
     * How many bundle bytes the client has consumed (e.g. the agent's status bytes_received):
     * a {@link Fault#resetAfter} waits for it before resetting.
     */
    public MisbehavingServer clientReceived(LongSupplier received) {
        this.clientReceived = received;
        return this;
    }

    private void awaitClientAt(long offset) throws InterruptedException, IOException {
        LongSupplier received = clientReceived;
        if (received == null) {
            throw new IllegalStateException("resetAfter needs clientReceived(...)");
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.getAsLong() < offset && !closed) {
            if (System.nanoTime() > end) {
                throw new IOException("the client never read up to byte " + offset);
            }
            Thread.sleep(5);
        }
    }

    /** Lets stalled responses carry on. */
    public void release() {
        released.countDown();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/fw.zip";
    }

    public String etag() {
        return etag;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> rangeRequests() {
        return requests.stream().filter(r -> r.header("Range") != null).toList();
    }

    @Override
    public void close() {
        closed = true;
        released.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        int count = 0;
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            int number = ++count;
            Thread t = new Thread(() -> serve(s, number), "misbehaving-conn-" + number);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            Request req;
            synchronized (requests) {
                req = new Request(requests.size() + 1, line, headers);
                requests.add(req);
            }
            Counting out = new Counting(s.getOutputStream());
            try {
                respond(s, out, req, plan.getOrDefault(req.number(), otherwise));
            } finally {
                written.put(req.number(), out.count);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closed: nothing to report
        } finally {
            open.remove(s);
        }
    }

    private void respond(Socket s, OutputStream out, Request req, Fault f) throws IOException, InterruptedException {
        byte[] body = this.body;
        String etag = this.etag;
        int len = body.length;
        switch (f.kind()) {
            case STATUS -> {
                String extra = f.retryAfter() == null ? "" : "Retry-After: " + f.retryAfter() + "\r\n";
                head(out, f.status() + " Oops", extra + "Content-Length: 5\r\n");
                out.write("oops\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            case REDIRECT_LOOP -> {
                head(out, "302 Found", "Location: /fw.zip\r\nContent-Length: 0\r\n");
                return;
            }
            case CHUNKED -> {
                head(out, "200 OK", "ETag: " + etag + "\r\nTransfer-Encoding: chunked\r\n");
                for (int off = 0; off < len; off += 8192) {
                    int n = Math.min(8192, len - off);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, off, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            default -> {
                // the body responses below
            }
        }
        String inm = req.header("If-None-Match");
        if (inm != null && inm.equals(etag) && req.header("Range") == null) {
            head(out, "304 Not Modified", "ETag: " + etag + "\r\n");
            return;
        }
        long start = 0;
        Matcher m = RANGE.matcher(req.header("Range") == null ? "" : req.header("Range"));
        String ifRange = req.header("If-Range");
        boolean ranged = m.matches() && (ifRange == null || ifRange.equals(etag)) && f.kind() != Kind.IGNORE_RANGE;
        if (ranged) {
            start = Long.parseLong(m.group(1));
            if (start >= len) {
                head(out, "416 Range Not Satisfiable", "Content-Range: bytes */" + len + "\r\nContent-Length: 0\r\n");
                return;
            }
        }
        if (f.kind() == Kind.WRONG_CONTENT_RANGE) {
            ranged = true;
            start = 0;
            head(out, "206 Partial Content", "ETag: " + etag + "\r\nContent-Range: bytes 0-" + (len - 1) + "/" + len
                    + "\r\nContent-Length: " + len + "\r\n");
        } else {
            long claimed = len - start + (f.kind() == Kind.LENGTH_DELTA ? f.n() : 0);
            String range = ranged ? "Content-Range: bytes " + start + "-" + (len - 1) + "/" + len + "\r\n" : "";
            head(out, ranged ? "206 Partial Content" : "200 OK",
                    "ETag: " + etag + "\r\n" + range + "Content-Length: " + claimed + "\r\n");
        }
        int from = (int) start;
        switch (f.kind()) {
            case RESET_AFTER -> {
                write(out, body, from, f.n());
                // an RST discards what the client has not read yet: reset only once it has read all of
                // it, so the resume offset is exactly from + n (a hook, not a guess of how long that takes)
                awaitClientAt(from + f.n());
                s.setSoLinger(true, 0);
                s.close();
            }
            case CLOSE_AFTER -> {
                write(out, body, from, f.n());
                s.shutdownOutput();
                s.close();
            }
            case STALL_AFTER -> {
                write(out, body, from, f.n());
                released.await(60, TimeUnit.SECONDS);
                if (!closed) {
                    write(out, body, from + (int) Math.min(f.n(), len - from), len);
                }
            }
            case DRIP -> {
                long end = Math.min(len, from + f.n());
                for (int i = from; i < end && !closed; i++) {
                    out.write(body[i]);
                    out.flush();
                    Thread.sleep(1000);
                }
                released.await(60, TimeUnit.SECONDS);
            }
            case LENGTH_DELTA -> {
                out.write(body, from, len - from);
                out.flush();
                if (f.n() > 0) {
                    // claimed more than it sends: hold the connection open (a lying server), the client's
                    // read timeout or close ends it
                    released.await(60, TimeUnit.SECONDS);
                }
            }
            default -> {
                out.write(body, from, len - from);
                out.flush();
            }
        }
    }

    /** Writes body bytes [from, from + count) (clamped to the body). */
    private static void write(OutputStream out, byte[] body, int from, long count) throws IOException {
        int n = (int) Math.max(0, Math.min(count, body.length - from));
        out.write(body, from, n);
        out.flush();
    }

    private static void head(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 16_384) {
                throw new IOException("header line too long");
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Bytes (status line, headers and body) the server wrote in answer to request {@code n} (1-based). */
    public long bytesWritten(int n) {
        return written.getOrDefault(n, 0L);
    }

    /** Counts what actually went to the socket. */
    private static final class Counting extends java.io.FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Counts requests with the given header value, for assertions. */
    public long count(String header, String value) {
        return requests.stream().filter(r -> value.equals(r.header(header))).count();
    }

    /** The request lines in order (for failure messages). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        requests.forEach(r -> lines.add(r.number() + ": " + r.line() + " " + r.headers()));
        return lines;
    }
}
