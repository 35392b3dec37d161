package io.camelota.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * Cuts connections that hold the server without sending: a request line and headers must arrive
 * complete within {@code ota.http.header_timeout} of the connection's start (or of the previous
 * answer, on a kept-alive connection), so a client sending one header line every 5 s is cut
 * however long it keeps trickling; and a request body that sends nothing for
 * {@code ota.http.idle_timeout} is cut. Once a body is complete the agent may take minutes to
 * answer (an install): that wait is not the client's and is never cut.
 * Vert.x's own idle timeout would do neither (a trickle is never idle; an install is), and
 * platform-http creates the server options itself. One timer sweeps all connections each second.
 * The server must not offer h2c: Vert.x then creates an HTTP/1.x connection only once the first
 * request's head is complete (to see an Upgrade header), and a trickle would be invisible.
 */
final class ConnectionDeadlines {

    /** What one connection is doing, as far as the deadlines care. */
    private static final class Watch {
        volatile long waitingSince;            // nanoTime since headers are awaited; meaningful when request == null
        volatile HttpServerRequest request;    // the request being received or answered
        volatile long lastBytes = -1;
        volatile long lastProgress;
        volatile boolean exempt;

        Watch(long now) {
            waitingSince = now;
        }
    }

    private final long headerNanos;
    private final long idleNanos;
    private final Map<HttpConnection, Watch> connections = new ConcurrentHashMap<>();
    private volatile long timer = -1;

    ConnectionDeadlines(Duration headerTimeout, Duration idleTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Sees every request the router gets; call before any other handler is added. */
    void watchRequests(Router router) {
        // the headers are complete once the router sees the request
        router.route().handler(ctx -> {
            requestArrived(ctx.request());
            ctx.next();
        });
    }

    /** Watches every connection of {@code server}; call before it listens. */
    void watchConnections(Vertx vertx, HttpServer server) {
        server.connectionHandler(conn -> {
            connections.put(conn, new Watch(System.nanoTime()));
            conn.closeHandler(v -> connections.remove(conn));
        });
        timer = vertx.setPeriodic(1000, id -> sweep(System.nanoTime()));
    }

    void stop(Vertx vertx) {
        if (timer >= 0 && vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    int watched() {
        return connections.size();
    }

    private void requestArrived(HttpServerRequest req) {
        Watch w = connections.get(req.connection());
        if (w == null) {
            return;
        }
        if (req.version() == HttpVersion.HTTP_2) {
            w.exempt = true;
            return;
        }
        w.lastBytes = -1;
        w.lastProgress = System.nanoTime();
        w.request = req;
    }

    private void sweep(long now) {
        connections.forEach((conn, w) -> {
            if (w.exempt) {
                return;
            }
            HttpServerRequest req = w.request;
            if (req != null && req.response().ended()) {
                // answered: a kept-alive connection now waits for the next request's headers
                w.request = null;
                w.waitingSince = now;
                req = null;
            }
            if (req == null) {
                if (now - w.waitingSince > headerNanos) {
                    conn.close();
                }
                return;
            }
            if (req.isEnded()) {
                return;                                  // the body is in; the answer is the agent's to give
            }
            long bytes = req.bytesRead();
            if (bytes != w.lastBytes) {
                w.lastBytes = bytes;
                w.lastProgress = now;
            } else if (now - w.lastProgress > idleNanos) {
                conn.close();
            }
        });
    }
}
