package io.camelota.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.StandardConstants;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A JDK HTTPS server on 127.0.0.1 (port picked by the OS) answering every path with 200 and {@code "ok <path>"}.
 * It records the SNI name the client asked for and the subject of the client certificate.
 */
public final class TestHttpsServer implements AutoCloseable {

    private final HttpsServer server;
    private volatile String sniName;
    private volatile String clientSubject;
    private final AtomicInteger requests = new AtomicInteger();

    private TestHttpsServer(SSLContext ctx, boolean needClientAuth, String[] protocols) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters sp = ctx.getDefaultSSLParameters();
                sp.setNeedClientAuth(needClientAuth);
                if (protocols != null) {
                    sp.setProtocols(protocols);
                }
                // Records the requested name and accepts it; only called when the client sends SNI.
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
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                clientSubject = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                clientSubject = null;
            }
            byte[] body = ("ok " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static TestHttpsServer start(SSLContext ctx) throws IOException {
        return new TestHttpsServer(ctx, false, null);
    }

    /** Requires a client certificate trusted by {@code ctx}'s trust managers. */
    public static TestHttpsServer startNeedingClientCert(SSLContext ctx) throws IOException {
        return new TestHttpsServer(ctx, true, null);
    }

    /** Accepts only the given TLS protocol versions. */
    public static TestHttpsServer startWithProtocols(SSLContext ctx, String... protocols) throws IOException {
        return new TestHttpsServer(ctx, false, protocols);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:<port><path>} */
    public String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    /** Forgets the recorded SNI name and client subject (a handshake without SNI leaves no trace to overwrite). */
    public void reset() {
        sniName = null;
        clientSubject = null;
    }

    public String sniName() {
        return sniName;
    }

    public String clientSubject() {
        return clientSubject;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
