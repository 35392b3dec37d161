package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A device API reachable from the network needs a token, or an explicit opt-out. */
class ApiSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theRealAgentRefusesToStartOnAllInterfacesWithoutAToken() throws Exception {
        TestAgent agent = TestAgent.on(dir.resolve("data"), Map.of("ota.http.host", "0.0.0.0"));
        try {
            String message = agent.startExpectingFailure();
            assertThat(message).startsWith("ota.http.host: ").contains("ota.http.auth_token")
                    .contains("ota.http.allow_unauthenticated").doesNotContain("\n");
        } finally {
            agent.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "device.lan", "10.0.0.1"})
    void aNonLoopbackHostWithoutATokenStopsStartup(String host) {
        assertThatThrownBy(() -> settings(Map.of("ota.http.host", host)))
                .hasMessageStartingWith("ota.http.host: '" + host + "'")
                .hasMessageContaining("ota.http.auth_token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"})
    void loopbackNeedsNoToken(String host) {
        assertThat(settings(Map.of("ota.http.host", host)).exposed()).isFalse();
    }

    @Test
    void aTokenOrTheExplicitOptOutAllowsTheNetwork() {
        assertThat(settings(Map.of("ota.http.host", "0.0.0.0", "ota.http.auth_token", "t".repeat(ApiSettings.MIN_TOKEN_CHARS))).exposed()).isTrue();
        ApiSettings open = settings(Map.of("ota.http.host", "0.0.0.0", "ota.http.allow_unauthenticated", "true"));
        assertThat(open.exposed()).isTrue();
        assertThat(open.allowUnauthenticated()).isTrue();
        // the API switched off: nothing to protect
        assertThat(settings(Map.of("ota.http.host", "0.0.0.0", "ota.http.enabled", "false")).exposed()).isTrue();
    }

    @Test
    void allowedHostsAreNamesInLowerCase() {
        assertThat(settings(Map.of("ota.http.allowed_hosts", " GW-17.lan ,ota.example.com,")).allowedHosts())
                .containsExactlyInAnyOrder("gw-17.lan", "ota.example.com");
        assertThatThrownBy(() -> settings(Map.of("ota.http.allowed_hosts", "evil.example/x")))
                .hasMessageStartingWith("ota.http.allowed_hosts: ");
    }

    private static ApiSettings settings(Map<String, String> values) {
        return ApiSettings.from(new ConfigValues(k -> Optional.ofNullable(values.get(k))));
    }
}
