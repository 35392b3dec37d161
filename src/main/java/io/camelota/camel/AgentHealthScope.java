package io.camelota.camel;

import java.util.Arrays;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The agent shows up in a host's health as ONE check, {@value OtaHealthCheck#ID}: Camel's route and
 * consumer repositories make a check for every route, so the agent's ~14 routes used to add ~28 checks
 * to the host's /actuator/health (and to health.camel's verdict on the application). The agent's routes
 * all carry the ota- prefix, so that prefix joins the registry's exclude pattern — appended to whatever
 * the host set there (camel.health.exclude-pattern), never replacing it.
 */
public final class AgentHealthScope {

    /** Route ids of the agent (route:ota-…, consumer:ota-… are matched on the part after the colon). */
    public static final String PATTERN = "ota-*";

    private AgentHealthScope() {
    }

    public static void apply(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        String current = registry.getExcludePattern();
        if (current == null || current.isBlank()) {
            registry.setExcludePattern(PATTERN);
        } else if (Arrays.stream(current.split(",")).map(String::trim).noneMatch(PATTERN::equals)) {
            registry.setExcludePattern(current + "," + PATTERN);
        }
    }
}
