package io.camelota.api;

import java.nio.file.Path;

import io.vertx.core.Handler;
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
}
