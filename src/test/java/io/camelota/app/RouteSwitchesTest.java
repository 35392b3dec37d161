package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional routes start or stay stopped by their keys, without placeholders in the route files. */
class RouteSwitchesTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsStartTheDeviceApiAndKeepPollServerAndDemoStopped() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of()).start()) {
            assertThat(status(agent, "ota-device-api")).isEqualTo(ServiceStatus.Started);
            assertThat(status(agent, "ota-poll")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(agent, "ota-update-server")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(agent, "ota-demo-health")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void keysTurnEachRouteOnOrOff() throws Exception {
        try (TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of(
                "ota.http.enabled", "false", "ota.server.enabled", "true",
                "update.url", "http://127.0.0.1:9/firmware", "update.interval", "3600")).start()) {
            assertThat(status(agent, "ota-device-api")).isEqualTo(ServiceStatus.Stopped);
            assertThat(status(agent, "ota-poll")).isEqualTo(ServiceStatus.Started);
            assertThat(status(agent, "ota-update-server")).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void aSwitchThatIsNotABooleanStopsStartupNamingTheKey() throws Exception {
        TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of("ota.server.enabled", "maybe"));
        assertThat(agent.startExpectingFailure()).contains("ota.server.enabled");
    }

    private static ServiceStatus status(TestAgent agent, String routeId) {
        return agent.context().getRouteController().getRouteStatus(routeId);
    }
}
