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
}
