package io.camelota.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HttpServer on 127.0.0.1 serving one bundle with Range, If-Range and multipart/byteranges written here,
 * so that each way a server can go wrong is one switch: ignore Range, corrupt a range, drop or add a multipart
 * part, refuse several ranges, change the bundle (its ETag) after the first answer, cut a body short.
 */
final class RangeServer implements AutoCloseable {

    enum Mode { HONOR, IGNORE_RANGE, CORRUPT_RANGES, MULTIPART_MISSING, MULTIPART_EXTRA, SINGLE_RANGE_ONLY,
        CHANGES_AFTER_HEAD }

    static final String BOUNDARY = "3d6b6a416f9b5";

    private final HttpServer server;
    private final byte[] bundle;
    volatile Mode mode;
    /** Cut range answers (not the head) after this many data bytes in total; -1 = never. */
    volatile long cutAfter = -1;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicLong rangeBytes = new AtomicLong();
    private volatile int answered;

    RangeServer(byte[] bundle, Mode mode) throws IOException {
        this.bundle = bundle;
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fw.zip";
    }

    private String etag() {
        return mode == Mode.CHANGES_AFTER_HEAD && answered > 0 ? "\"v2\"" : "\"v1\"";
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        requests.add(range == null ? "-" : range);
        String etag = etag();
        answered++;
        ex.getResponseHeaders().set("ETag", etag);
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        List<long[]> ranges = range == null || mode == Mode.IGNORE_RANGE ? null : parse(range);
        if (ranges != null) {
            ranges.forEach(r -> r[1] = Math.min(r[1], bundle.length - 1));
        }
        boolean stale = ifRange != null && !ifRange.equals(etag);
        if (ranges == null || stale || (mode == Mode.SINGLE_RANGE_ONLY && ranges.size() > 1)) {
            send(ex, 200, bundle, false);
            return;
        }
        boolean head = ranges.size() == 1 && ranges.get(0)[0] == 0;
        if (ranges.size() == 1) {
            long[] r = ranges.get(0);
            ex.getResponseHeaders().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + bundle.length);
            send(ex, 206, data(r, head), !head);
            return;
        }
        List<long[]> parts = new ArrayList<>(ranges);
        if (mode == Mode.MULTIPART_MISSING) {
            parts.remove(parts.size() - 1);
        } else if (mode == Mode.MULTIPART_EXTRA) {
            parts.add(parts.get(0));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long[] r : parts) {
            body.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Type: application/zip\r\nContent-Range: bytes " + r[0]
                    + "-" + r[1] + "/" + bundle.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(data(r, false));
        }
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        ex.getResponseHeaders().set("Content-Type", "multipart/byteranges; boundary=" + BOUNDARY);
        send(ex, 206, body.toByteArray(), true);
    }

    private byte[] data(long[] r, boolean head) {
        byte[] d = java.util.Arrays.copyOfRange(bundle, (int) r[0], (int) r[1] + 1);
        if (mode == Mode.CORRUPT_RANGES && !head) {
            d[d.length / 2] ^= 0x5a;
        }
        return d;
    }

    private void send(HttpExchange ex, int status, byte[] body, boolean rangeData) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            long cut = cutAfter;
            if (rangeData && cut >= 0) {
                long room = Math.max(0, cut - rangeBytes.get());
                int n = (int) Math.min(room, body.length);
                out.write(body, 0, n);
                rangeBytes.addAndGet(n);
                if (n < body.length) {
                    out.flush();
                    throw new IOException("cut on purpose");   // the JDK server then drops the connection
                }
                return;
            }
            out.write(body);
            if (rangeData) {
                rangeBytes.addAndGet(body.length);
            }
        }
    }

    private static List<long[]> parse(String header) {
        if (!header.startsWith("bytes=")) {
            return null;
        }
        List<long[]> out = new ArrayList<>();
        for (String spec : header.substring(6).split(",")) {
            String[] ab = spec.trim().split("-", -1);
            long a = Long.parseLong(ab[0]);
            long b = ab[1].isEmpty() ? Long.MAX_VALUE : Long.parseLong(ab[1]);
            out.add(new long[] {a, b});
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
