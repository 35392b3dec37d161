package io.camelota.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Which optional routes stay stopped. The route files carry no {@code autoStartup: "{{…}}"}
 * placeholders (the YAML DSL schema wants a boolean there, so tooling that validates against it —
 * Kaoto, the VS Code extension, RouteSchemaTest — would refuse the files); instead the switches are
 * read here with the same strict boolean parsing as every other key and handed to Camel's
 * auto-startup exclude pattern, appended to whatever a host application already excludes.
 */
final class RouteSwitches {

    private final List<String> stopped = new ArrayList<>();

    RouteSwitches(OtaSettings settings) {
        if (!settings.pollEnabled()) {
            stopped.add("poll");
        }
        if (!settings.httpEnabled()) {
            stopped.add("device-api");
        }
        // parsed once, with every other key, by OtaSettings
        if (!settings.routes().serverEnabled()) {
            stopped.add("update-server");
        }
        if (!settings.routes().demoEnabled()) {
            stopped.add("demo-health");
        }
    }

    /** Route ids that must not start. */
    List<String> stoppedRoutes() {
        return List.copyOf(stopped);
    }

    /** {@code existing} (a host's own pattern, may be null) plus the OTA routes that stay stopped. */
    String excludePattern(String existing) {
        List<String> parts = new ArrayList<>();
        if (existing != null && !existing.isBlank()) {
            parts.add(existing);
        }
        parts.addAll(stopped);
        return parts.isEmpty() ? null : String.join(",", parts);
    }
}
