package io.camelota.app;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Which optional routes stay stopped. The route files carry no {@code autoStartup: "{{…}}"}
 * placeholders (the YAML DSL schema wants a boolean there, so tooling that validates against it —
 * Kaoto, the VS Code extension, RouteSchemaTest — would refuse the files); instead the switches are
 * read here with the same strict boolean parsing as every other key and set on the loaded route
 * definitions. Per route, not Camel's context-wide exclude pattern: a host application's own
 * setting stays as it was, and Camel's route health checks see a route that is off on purpose
 * (autoStartup false) rather than one that failed to start.
 */
final class RouteSwitches {

    private final List<String> stopped = new ArrayList<>();

    RouteSwitches(OtaSettings settings) {
        if (!settings.pollEnabled()) {
            stopped.add("ota-poll");
        }
        if (!settings.httpEnabled()) {
            stopped.add("ota-device-api");
        }
        // parsed once, with every other key, by OtaSettings
        if (!settings.routes().serverEnabled()) {
            stopped.add("ota-update-server");
        }
        if (!settings.routes().demoEnabled()) {
            stopped.add("ota-demo-health");
        }
    }

    /** Route ids that must not start. */
    List<String> stoppedRoutes() {
        return List.copyOf(stopped);
    }

    /** Marks the switched-off routes autoStartup=false; call after the routes are loaded, before they start. */
    void apply(CamelContext context) {
        ModelCamelContext model = (ModelCamelContext) context;
        for (String id : stopped) {
            RouteDefinition route = model.getRouteDefinition(id);
            if (route == null) {
                throw new IllegalStateException("route " + id + " not found (routes/ incomplete?)");
            }
            route.setAutoStartup("false");
        }
    }
}
