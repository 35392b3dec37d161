package io.camelota.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelota.app.TestAgent;
import org.apache.camel.Exchange;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in Camel's health model, and the health.camel commit criterion, on the real agent. */
class OtaHealthCheckTest {

    @TempDir
    Path tmp;

    @Test
    void theAgentsCheckIsUpWithTheStatusAsDetails() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("device.fw_version", "1.0")).start()) {
            // (Camel's default exposure level lists only DOWN checks, so ask for this one by id)
            Optional<HealthCheck.Result> ready = HealthCheckHelper.invoke(agent.context(), OtaHealthCheck.ID, Map.of());
            assertThat(ready).as("camel-ota among the context's readiness checks").isPresent();
            assertThat(ready.get().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(ready.get().getDetails()).containsEntry("fw_version", "1.0").containsEntry("is_committed", true)
                    .containsKey("state");
        }
    }

    @Test
    void theOtaDevConsoleAnswersWithTheStatus() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("device.fw_version", "1.0",
                "camel.main.dev-console-enabled", "true")).start()) {
            DevConsole console = DevConsoleRegistry.get(agent.context()).resolveById("ota");
            assertThat(console).as("ota console registered").isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
            assertThat(json).containsEntry("fw_version", "1.0").containsEntry("is_committed", true);
            assertThat(String.valueOf(console.call(DevConsole.MediaType.TEXT))).contains("fw_version: 1.0");
        }
    }

    @Test
    void healthCamelFailsTheCheckWhileAnyApplicationCheckIsDown() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("health.camel", "true")).start()) {
            AtomicBoolean hostUp = new AtomicBoolean(false);
            HealthCheckRegistry.get(agent.context()).register(new HostCheck(hostUp));

            assertThat(runHealthCheck(agent)).as("a host check is DOWN").isFalse();
            hostUp.set(true);
            assertThat(runHealthCheck(agent)).as("every check UP").isTrue();
        }
    }

    @Test
    void withoutHealthCamelADownApplicationCheckDoesNotDecide() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("health.command", "true")).start()) {
            HealthCheckRegistry.get(agent.context()).register(new HostCheck(new AtomicBoolean(false)));
            assertThat(runHealthCheck(agent)).isTrue();
        }
    }

    private static boolean runHealthCheck(TestAgent agent) {
        Exchange done = agent.context().createProducerTemplate()
                .send("direct:ota-health-check", new DefaultExchange(agent.context()));
        return Boolean.parseBoolean(String.valueOf(done.getVariable("ota_healthy")));
    }

    /** A check of the host application's own, switched by the test. */
    private static final class HostCheck extends AbstractHealthCheck {
        private final AtomicBoolean up;

        HostCheck(AtomicBoolean up) {
            super("host", "host-database");
            this.up = up;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (up.get()) {
                builder.up();
            } else {
                builder.message("connection refused").down();
            }
        }
    }
}
