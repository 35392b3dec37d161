package io.camelota.flash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One response on a raw socket (127.0.0.1, port picked by the OS): a body of any size produced on
 * the fly by a supplier (never held in memory), counted as the server writes it. The count is what
 * the kernel accepted from the server: at most the peer's receive buffer plus this socket's send
 * buffer ({@link #SEND_BUFFER}) more than the client actually read.
 */
final class CountingBundleServer implements AutoCloseable {

    static final int SEND_BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Socket client;

    CountingBundleServer(Supplier<InputStream> body, long length) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(body, length), "counting-bundle-server");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/big.zip";
    }

    /** Body bytes written before the client went away (or the body ended); waits for the response to be over. */
    long bodyBytesWritten() throws InterruptedException {
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new AssertionError("the response is still being written after 120 s: " + written.get() + " bytes");
        }
        return written.get();
    }

    private void serve(Supplier<InputStream> body, long length) {
        try (Socket s = server.accept(); InputStream in = body.get()) {
            client = s;
            s.setSendBufferSize(SEND_BUFFER);
            skipRequestHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nETag: \"big-1\"\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                written.addAndGet(n);
            }
            out.flush();
        } catch (IOException e) {
            // the client aborted the connection: what was written so far is the count
        } finally {
            done.countDown();
        }
    }

    private static void skipRequestHead(InputStream in) throws IOException {
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }
}
