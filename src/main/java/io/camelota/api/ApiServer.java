package io.camelota.api;

import java.nio.file.Path;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * platform-http's Vert.x server with the {@link ApiGuard} as the first handler of /update*.
 * The guard is added right after the router exists and before any platform-http consumer adds its
 * route (body handler, then the Camel route), so Vert.x runs it first: the access decision is
 * taken on the headers, before a body byte is read or spooled to disk. The router the consumers
 * look up is replaced by one whose body handler spools uploads into 0600 files
 * ({@link OwnerOnlyUploads}).
 */
public final class ApiServer extends VertxPlatformHttpServer {

    private final VertxPlatformHttpServerConfiguration configuration;
    private final ApiGuard guard;
    private final ConnectionDeadlines deadlines;
    private VertxPlatformHttpRouter platformRouter;
    private volatile HttpServer own;
    private volatile Vertx createdVertx;

    public ApiServer(VertxPlatformHttpServerConfiguration configuration, ApiGuard guard) {
        this(configuration, guard, null);
    }

    ApiServer(VertxPlatformHttpServerConfiguration configuration, ApiGuard guard, ConnectionDeadlines deadlines) {
        super(configuration);
        this.configuration = configuration;
        this.guard = guard;
        this.deadlines = deadlines;
    }

    /**
     * platform-http creates its HttpServer and listens in one step, leaving no moment to set a connection
     * handler; the connection deadlines need one. So this server is created here, as platform-http would
     * (default options: the agent's own server has no TLS settings), with the same router, but without
     * h2c (cleartext HTTP/2 by Upgrade): Vert.x would hide a connection until its first request head is
     * complete, and the device API is HTTP/1.1 (the Mongoose protocol; clients that ask for h2c get 1.1).
     */
    @Override
    protected void startServer() throws Exception {
        // Vert.x reports a failed bind only in a WARN and an exception on its event loop, and the start would
        // return as if the server ran: the address is tried first with the JDK (and let go at once), so a port
        // another process holds fails the start here, naming the key
        refusal(configuration.getBindHost(), configuration.getBindPort()).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        if (deadlines == null) {
            super.startServer();
            return;
        }
        HttpServer server = getVertx().createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false));
        deadlines.watchConnections(getVertx(), server);
        server.requestHandler(platformRouter);
        own = server.listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    protected void stopServer() {
        if (own == null) {
            super.stopServer();
            return;
        }
        deadlines.stop(getVertx());
        try {
            own.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        } finally {
            own = null;
        }
    }

    /** The Vert.x this server created (not a host's), to close it on stop: platform-http's own stop needs its executor. */
    @Override
    protected Vertx createVertxInstance() {
        Vertx v = super.createVertxInstance();
        createdVertx = v;
        return v;
    }

    @Override
    protected void stopVertx() {
        if (deadlines == null) {
            super.stopVertx();
            return;
        }
        Vertx v = createdVertx;
        createdVertx = null;
        if (v != null) {
            try {
                v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
            setVertx(null);
        }
    }

    @Override
    public HttpServer getServer() {
        return own != null ? own : super.getServer();
    }

    @Override
    public int getPort() {
        return own != null ? own.actualPort() : super.getPort();
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        if (router == null) {
            throw new IllegalStateException("platform-http router not bound; the device API cannot be guarded");
        }
        if (deadlines != null) {
            deadlines.watchRequests(router);        // first: it must see every request
        }
        platformRouter = router;
        guard.installOn(router);
        Path uploads = Path.of(configuration.getBodyHandler().getUploadsDirectory());
        // the consumers, created after this, look the router up by name and take its bodyHandler();
        // unbound first: the registry keeps one bean per name and type, and the type differs
        getCamelContext().getRegistry().unbind(router.getName());
        getCamelContext().getRegistry().bind(router.getName(), new VertxPlatformHttpRouter(this, getVertx(), router,
                router.getName(), router.getServerType()) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                return new OwnerOnlyUploads(router.bodyHandler(), uploads);
            }
        });
    }

    /** The one line naming the key when host:port cannot be bound now (the standalone agent checks first). */
    public static java.util.Optional<String> refusal(String host, int port) {
        String problem = bindProblem(host, port);
        return problem == null ? java.util.Optional.empty()
                : java.util.Optional.of("ota.http.port: the device API cannot listen on " + host + ":" + port + " ("
                        + problem + "): set ota.http.port to a free port, or ota.http.mode=off");
    }

    /** Null when host:port can be bound now; otherwise the JDK's reason. Port 0 (any free port) always can. */
    static String bindProblem(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
            return null;
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
