package io.camelota.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * platform-http's Vert.x server with the {@link ApiGuard} as the first handler of /update*.
 * The guard is added right after the router exists and before any platform-http consumer adds its
 * route (body handler, then the Camel route), so Vert.x runs it first: the access decision is
 * taken on the headers, before a body byte is read or spooled to disk.
 */
public final class ApiServer extends VertxPlatformHttpServer {

    private final VertxPlatformHttpServerConfiguration configuration;
    private final ApiGuard guard;

    public ApiServer(VertxPlatformHttpServerConfiguration configuration, ApiGuard guard) {
        super(configuration);
        this.configuration = configuration;
        this.guard = guard;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        if (router == null) {
            throw new IllegalStateException("platform-http router not bound; the device API cannot be guarded");
        }
        guard.installOn(router);
    }

    /**
     * Vert.x reports a failed bind only in a WARN and an exception on its event loop; the start itself
     * returns as if the server ran, and the agent went on without its API. So the address is tried first
     * with the JDK (and let go at once): a port another process holds fails the start here, naming the key.
     */
    @Override
    protected void startServer() throws Exception {
        refusal(configuration.getBindHost(), configuration.getBindPort()).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        super.startServer();
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
