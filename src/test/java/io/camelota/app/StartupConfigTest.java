package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.camelota.http.RecordingHttpServer;
import io.camelota.status.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Starting the real agent: a bad value stops startup with one line naming the key; -D overrides the config file. */
class StartupConfigTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "update.interval            | ten",
        "update.interval            | -5",
        "update.timeout             | -1",
        "update.max_redirects       | many",
        "update.connect_timeout     | 0",
        "update.enable_post         | maybe",
        "update.sig_req_mask        | -2",
        "update.url                 | ftp://example.invalid/fw.zip",
        "update.ssl_ca_file         | /nonexistent.pem",
        "update.ssl_client_cert_file| /nonexistent-client.pem",
        "update.extra_http_headers  | no colon here",
        "update.extra_http_headers  | Host: x",
        "update.extra_http_headers  | X-Ok: 1\\r\\nContent-Length: 5",
        "device.mac                 | zz",
        "boot.reboot_mode           | sometimes",
    })
    void badValueStopsStartupWithOneLineNamingTheKey(String key, String value) throws Exception {
        TestAgent agent = TestAgent.on(dir.resolve("data"), Map.of(key, value));
        try {
            String message = agent.startExpectingFailure();

            assertThat(message).startsWith(key + ": ");
            assertThat(message).doesNotContain("\n").doesNotContain("\r");
            assertThat(message).doesNotStartWith("java.").doesNotStartWith("org.apache");
        } finally {
            agent.close();
        }
    }

    @Test
    void systemPropertyOverridesTheConfigFile() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.start()) {
            server.respond("/fw.zip", 304);
            System.setProperty("device.id", "from-sysprop");
            System.setProperty("device.os_token", "MongooseOS/2.20.0");
            TestAgent agent = TestAgent.on(dir.resolve("data"), Map.of());
            UpdateState state;
            try {
                agent.start();
                agent.checkNow(server.url("/fw.zip"));
                state = agent.status().state();
            } finally {
                System.clearProperty("device.id");
                System.clearProperty("device.os_token");
                agent.close();
            }

            assertThat(state).isEqualTo(UpdateState.SUCCESS);
            assertThat(server.rawHeaderLines(0)).contains("X-MGOS-Device-ID: from-sysprop 0A1B2C3D4E5F",
                    "User-Agent: camel-ota/1.0 (MongooseOS/2.20.0; ubuntu)");
        }
    }

    @Test
    void agentStartsWithTheShippedConfigurationAndPollingOff() throws Exception {
        try (TestAgent agent = TestAgent.on(dir.resolve("data"), Map.of()).start()) {
            assertThat(agent.context().getRouteController().getRouteStatus("ota-poll").isStarted()).isFalse();
            assertThat(agent.context().getRouteController().getRouteStatus("ota-check-for-update").isStarted()).isTrue();
            assertThat(agent.status().state()).isNotEqualTo(UpdateState.ERROR);
        }
    }

    @Test
    void pollRouteRunsWhenUrlAndIntervalAreSet() throws Exception {
        try (TestAgent agent = TestAgent.on(dir.resolve("data"),
                Map.of("update.url", "http://127.0.0.1:1/fw.zip", "update.interval", "3600")).start()) {
            assertThat(agent.context().getRouteController().getRouteStatus("ota-poll").isStarted()).isTrue();
        }
    }
}
