package io.camelota.camel;

import java.util.Collection;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code health.camel=true}: the new firmware commits only when every Camel health check of the
 * application (routes, consumers, components, the host's own checks) is UP at the end of the
 * commit window — the natural meaning of "healthy" for a Camel application. The agent's own
 * check is left out: it describes the update, not the application.
 */
public final class CamelHealth {

    private static final Logger LOG = LoggerFactory.getLogger(CamelHealth.class);

    private final CamelContext context;

    public CamelHealth(CamelContext context) {
        this.context = context;
    }

    /** True when at least one check ran and all of them are UP; each DOWN check is logged by id. */
    public boolean allUp() {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context,
                // the predicate names the checks to leave out
                (HealthCheck check) -> OtaHealthCheck.ID.equals(check.getId()));
        List<HealthCheck.Result> down = results.stream().filter(r -> r.getState() != HealthCheck.State.UP).toList();
        down.forEach(r -> LOG.warn("Camel health check {} is {}: {}", r.getCheck().getId(), r.getState(),
                r.getMessage().orElse("")));
        if (results.isEmpty()) {
            LOG.warn("health.camel: no Camel health checks are registered (camel.health.enabled?): unhealthy");
            return false;
        }
        return down.isEmpty();
    }
}
