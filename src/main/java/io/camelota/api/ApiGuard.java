package io.camelota.api;

import io.camelota.status.SafeText;
import java.util.List;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every /update request on the Vert.x router, ahead of platform-http's body
 * handler: it applies {@link ApiAccess} to the request line and headers and either passes the
 * request on (the body handler then reads it, answering 100-continue if asked) or answers the
 * refusal at once, so a refused upload never reaches {@code <data_dir>/uploads}.
 * Runs on the event loop: it only reads headers, never blocks.
 */
public final class ApiGuard implements Handler<RoutingContext> {

    /** Path pattern the guard covers: everything the device-api route consumes. */
    public static final String PATHS = "/update*";

    /** Body bytes of a refused request read and thrown away before the connection is closed. */
    static final long DISCARD_LIMIT = 1024 * 1024;

    /** How long a refused request's connection stays open for its client to read the answer. */
    static final long LINGER_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiGuard.class);

    private final ApiAccess access;
    private final UploadGate uploads;

    public ApiGuard(ApiAccess access) {
        this(access, null);
    }

    /** @param uploads admits one upload at a time, with room for it (null: no such check) */
    ApiGuard(ApiAccess access, UploadGate uploads) {
        this.access = access;
        this.uploads = uploads;
    }

    /** Puts the guard on {@code router} ahead of every route added later (platform-http consumers). */
    public void installOn(Router router) {
        router.route(PATHS).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        SocketAddress local = req.localAddress();
        ApiAccess.Refusal refusal = access.check(new ApiAccess.Request(req.method().name(), req.path(),
                name -> header(req, name), local == null ? null : local.hostAddress()));
        if (refusal == null && uploads != null) {
            refusal = uploads.admit(ctx);
        }
        if (refusal == null) {
            ctx.next();
            return;
        }
        LOG.debug("device API refused {} {} from {} (Host {}, Origin {}): {}", req.method(), SafeText.of(req.path()),
                req.remoteAddress(), SafeText.of(req.getHeader("Host")), SafeText.of(req.getHeader("Origin")),
                refusal.status());
        refuse(ctx, refusal);
    }

    /** Every value of a header; for HTTP/2 (h2c, as java.net.http tries first) "Host" is the :authority. */
    private static List<String> header(HttpServerRequest req, String name) {
        if (name.equalsIgnoreCase("Host") && req.version() == HttpVersion.HTTP_2) {
            HostAndPort a = req.authority();
            if (a == null) {
                return List.of();
            }
            String host = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
            return List.of(a.port() >= 0 ? host + ":" + a.port() : host);
        }
        return req.headers().getAll(name);
    }

    /**
     * Answers with the refusal and closes the connection. A body still on its way is read and
     * dropped (never stored) up to {@link #DISCARD_LIMIT} or {@link #LINGER_MS}, so the client
     * can read the answer before the close, then the connection is cut.
     */
    private static void refuse(RoutingContext ctx, ApiAccess.Refusal refusal) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = req.response();
        res.setStatusCode(refusal.status());
        res.putHeader("Content-Type", "text/plain");
        res.putHeader("Connection", "close");
        refusal.headers().forEach(res::putHeader);
        if (!req.isEnded()) {
            long[] dropped = {0};
            req.handler(buf -> {
                dropped[0] += buf.length();
                if (dropped[0] > DISCARD_LIMIT) {
                    req.connection().close();
                }
            });
            req.endHandler(v -> req.connection().close());
            req.exceptionHandler(e -> { });
            req.resume();
            // a client that stops sending does not get to keep the connection
            ctx.vertx().setTimer(LINGER_MS, t -> req.connection().close());
        }
        res.end(refusal.text()).onComplete(done -> {
            if (req.isEnded()) {
                req.connection().close();
            }
        });
    }
}
