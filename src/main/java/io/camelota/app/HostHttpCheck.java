package io.camelota.app;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * ota.http.mode=host mounts the device API on the host application's platform-http server. Without one
 * the host's whole start failed later, when the route's consumer started, with Camel's "No
 * PlatformHttpEngine ... platform-http-router-8080" — naming neither camel-ota nor the missing part.
 * Checked while the agent is wired, before its routes exist, against each way a host provides the server.
 */
final class HostHttpCheck {

    static final String MISSING = "ota.http.mode=host needs a platform-http engine in the host application, and "
            + "camel-ota found none: add camel-platform-http-starter (Spring Boot), or run a camel-platform-http-vertx "
            + "server (Camel Main: camel-platform-http-main with camel.server.enabled=true); or set ota.http.mode=own "
            + "for the agent's own server";

    private HostHttpCheck() {
    }

    static void require(CamelContext context) {
        if (!hostServes(context)) {
            throw new IllegalArgumentException(MISSING);
        }
    }

    static boolean hostServes(CamelContext context) {
        // Spring Boot's camel-platform-http-starter (or any host) binds its engine under this name
        if (context.getRegistry().lookupByNameAndType("platform-http-engine", PlatformHttpEngine.class) != null) {
            return true;
        }
        Component existing = context.hasComponent("platform-http");
        if (existing instanceof PlatformHttpComponent p && p.getEngine() != null) {
            return true;
        }
        // a Vert.x server the host added itself, or its router already bound
        if (context.hasService(VertxPlatformHttpServer.class) != null
                || !context.getRegistry().findByType(VertxPlatformHttpRouter.class).isEmpty()) {
            return true;
        }
        // Camel Main's embedded server, created from this switch while the host's context starts
        return Boolean.parseBoolean(context.getPropertiesComponent().resolveProperty("camel.server.enabled")
                .orElse("false").trim());
    }
}
