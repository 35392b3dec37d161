package io.camelota.camel;

import java.util.Map;

import io.camelota.api.StatusJson;
import io.camelota.boot.BootControl;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.status.StatusBoard;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The agent in Camel's own health model (id {@code camel-ota}, group {@code ota}), so Camel's health
 * endpoints, {@code camel get health} and Hawtio see it beside the host's checks.
 * <p>
 * Readiness is DOWN only until the boot decision is made: before it, no update may start and the
 * running slot's fate is unknown. A failed poll or a refused bundle is reported in the details and
 * the message, never as DOWN — an unreachable update server must not take a healthy application
 * out of service. Liveness is the agent's context running. Details are the fields of
 * {@code GET /update/status}.
 */
public final class OtaHealthCheck extends AbstractHealthCheck {

    public static final String ID = "camel-ota";

    private final StatusBoard board;
    private final UpdateLifecycle lifecycle;
    private final BootControl boot;

    public OtaHealthCheck(StatusBoard board, UpdateLifecycle lifecycle) {
        super("ota", ID);
        this.board = board;
        this.lifecycle = lifecycle;
        this.boot = lifecycle.bootControl();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StatusBoard.Snapshot s = board.current();
        boolean booted = lifecycle.bootDecided();
        if (booted) {
            StatusJson.fields(s, boot.state(), boot.factoryFirmware()).forEach((k, v) -> {
                if (v != null) {
                    builder.detail(k, v);
                }
            });
        }
        boolean running = getCamelContext() == null || getCamelContext().isStarted();
        if (!running || (isReadinessCall(options) && !booted)) {
            builder.message(!running ? "agent stopped" : "boot decision not made yet").down();
            return;
        }
        builder.message(s.state().jsonName() + ": " + s.message()).up();
    }

    private static boolean isReadinessCall(Map<String, Object> options) {
        return options == null || !"liveness".equalsIgnoreCase(String.valueOf(options.get(CHECK_KIND)));
    }
}
