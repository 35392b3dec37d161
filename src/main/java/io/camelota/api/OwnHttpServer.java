package io.camelota.api;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The agent's own HTTP server (ota.http.mode=own): a Vert.x server on ota.http.host:ota.http.port
 * and a platform-http component of its own, {@value #COMPONENT}, whose endpoints live on that server
 * only. A host application's platform-http (its own Vert.x server, or Spring Boot's) is left alone:
 * nothing is bound under platform-http's default names and the host's routes never move here, nor
 * ours onto the host's port.
 */
public final class OwnHttpServer {

    /** The component name the agent's HTTP routes use in this mode. */
    public static final String COMPONENT = "ota-platform-http";

    private OwnHttpServer() {
    }

    /** The component whose endpoints live on the server at {@code port} (started or not). */
    public static void addComponent(CamelContext context, int port) {
        PlatformHttpComponent component = new PlatformHttpComponent();
        component.setEngine(new Engine(port));
        context.addComponent(COMPONENT, component);
    }

    /**
     * The upload and connection limits of the agent's own server.
     *
     * @param headerTimeout   ota.http.header_timeout: request line and headers complete within this
     * @param idleTimeout     ota.http.idle_timeout: a request body that sends nothing this long is cut
     * @param reserveBytes    ota.http.upload_reserve_bytes: free bytes an upload must leave in its file store
     * @param updateRunning   true while an update runs (the status board's guard is held)
     */
    public record Limits(java.time.Duration headerTimeout, java.time.Duration idleTimeout, long reserveBytes,
                         java.util.function.BooleanSupplier updateRunning) {
    }

    /**
     * Adds the server as a context service (it starts before any route).
     *
     * @param uploads folder the body handler spools multipart uploads to (removed after each request)
     */
    public static void start(CamelContext context, String host, int port, long maxUploadBytes, Path uploads,
                               ApiAccess access, Limits limits) throws Exception {
        ApiGuard guard = new ApiGuard(access, new UploadGate(limits.updateRunning(), uploads, limits.reserveBytes()));
        ConnectionDeadlines deadlines = new ConnectionDeadlines(limits.headerTimeout(), limits.idleTimeout());
        // a pull or upload holds a worker thread as long as it runs: no "blocked thread" warnings for
        // those; the event loop keeps Vert.x's 2 s check, it must never block
        context.getRegistry().bind("otaVertxOptions", new VertxOptions()
                .setMaxWorkerExecuteTime(24).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS));
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(host);
        conf.setBindPort(port);
        // not "server": a host's own Vert.x platform-http engine looking for the main server finds its own
        conf.setServerType("camel-ota");
        conf.setMaxBodySize(maxUploadBytes);
        conf.getBodyHandler().setUploadsDirectory(uploads.toString());
        conf.getBodyHandler().setDeleteUploadedFilesOnEnd(true);
        context.addService(new ApiServer(conf, guard, deadlines));
    }

    /**
     * platform-http's Vert.x engine pinned to this server's router. Unlike the stock engine it does
     * not bind itself as the context's "platform-http-engine" (that would take over the host's
     * platform-http) and does not guess the server by type (a host may run one too).
     */
    private static final class Engine extends VertxPlatformHttpEngine {
        private final int port;

        Engine(int port) {
            this.port = port;
        }

        @Override
        protected void doInit() {
            // deliberately not super.doInit(): no registry binding under the shared name
        }

        @Override
        public int getServerPort() {
            return port;
        }
    }
}
