package io.camelota.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;

import io.camelota.app.TestAgent;
import io.camelota.app.TestHttp;
import io.camelota.bundle.TestBundles;
import io.camelota.http.MisbehavingServer;
import io.camelota.http.RecordingHttpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The windows in the real agent on the real clock (windows computed around now), and bad settings at start. */
class WindowAgentTest {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    @TempDir
    Path tmp;

    /** "HH:mm-HH:mm" in UTC from now+fromMinutes to now+toMinutes. */
    private static String around(int fromMinutes, int toMinutes) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return now.plusMinutes(fromMinutes).format(HM) + "-" + now.plusMinutes(toMinutes).format(HM);
    }

    @Test
    void pollsLeaveOnlyInsideTheUpdateWindow() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.start()) {
            server.respond("/fw.zip", 304);
            Map<String, String> polling = Map.of("update.url", server.url("/fw.zip"), "update.interval", "1",
                    "update.poll_on_start", "true", "update.timezone", "UTC");
            Map<String, String> outside = new java.util.HashMap<>(polling);
            outside.put("update.window", around(120, 180));
            try (TestAgent a = TestAgent.on(tmp.resolve("out"), outside).start()) {
                Thread.sleep(3500); // three or four ticks
                assertThat(server.requests()).as("no request outside the window").isEmpty();
            }
            Map<String, String> inside = new java.util.HashMap<>(polling);
            inside.put("update.window", around(-60, 60));
            try (TestAgent a = TestAgent.on(tmp.resolve("in"), inside).start()) {
                assertThat(server.awaitRequests(2, Duration.ofSeconds(15))).isTrue();
            }
        }
    }

    private static byte[] bundle() {
        byte[] app = new byte[50_000];
        new Random(7).nextBytes(app);
        return TestBundles.builder().version("1.2.0").buildId("20261201-000000/win").part("app", "app", "app.bin", app)
                .build();
    }

    @Test
    void anInstallWaitsForTheRebootWindowUntilTheOverride() throws Exception {
        String window = around(120, 180);
        try (MisbehavingServer server = new MisbehavingServer(bundle(), "\"w\"");
             TestAgent a = TestAgent.on(tmp.resolve("data"), Map.of("boot.reboot_window", window,
                     "update.timezone", "UTC")).start()) {
            a.writeFactoryImage(TestBundles.randomBytes(1000, 1));
            a.checkNow(server.url());

            assertThat(a.status().message())
                    .isEqualTo("Installed 1.2.0, waiting for the reboot window (" + window.substring(0, 5) + ")");
            assertThat(TestHttp.json(TestHttp.get(a.apiUrl("/update/status")).body())).containsEntry("reboot_required", false);
            assertThat(TestHttp.get(a.apiUrl("/update/reboot")).statusCode()).as("GET changes nothing").isEqualTo(405);
            assertThat(TestHttp.json(TestHttp.get(a.apiUrl("/update/status")).body())).containsEntry("reboot_required", false);

            assertThat(TestHttp.post(a.apiUrl("/update/reboot")).statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(TestHttp.get(a.apiUrl("/update/status")).body())).containsEntry("reboot_required", true);
            assertThat(TestHttp.post(a.apiUrl("/update/reboot")).statusCode()).as("nothing waits any more").isEqualTo(409);
        }
    }

    @Test
    void insideTheRebootWindowTheSwitchOverIsImmediate() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(bundle(), "\"w\"");
             TestAgent a = TestAgent.on(tmp.resolve("data"), Map.of("boot.reboot_window", around(-60, 60),
                     "update.timezone", "UTC")).start()) {
            a.checkNow(server.url());
            assertThat(a.status().message()).isEqualTo("Update applied, finalizing");
            assertThat(TestHttp.json(TestHttp.get(a.apiUrl("/update/status")).body())).containsEntry("reboot_required", true);
        }
    }

    @Test
    void theOverrideNeedsTheTokenLikeEveryStateChange() throws Exception {
        try (TestAgent a = TestAgent.on(tmp.resolve("data"), Map.of("ota.http.auth_token", "s3cret")).start()) {
            assertThat(TestHttp.post(a.apiUrl("/update/reboot")).statusCode()).isEqualTo(401);
            assertThat(TestHttp.post(a.apiUrl("/update/reboot"), "Authorization", "Bearer s3cret").statusCode())
                    .isEqualTo(409);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "update.window      | 1am-5am",
        "update.window      | Mon-Fri 22:00-06:00; Sat 00:00-24:00",
        "boot.reboot_window | 02:00-02:00",
        "update.timezone    | Mars/Olympus",
    })
    void badWindowSettingsStopStartupNamingTheKey(String key, String value) throws Exception {
        TestAgent agent = TestAgent.on(tmp.resolve("data"), Map.of(key, value));
        try {
            assertThat(agent.startExpectingFailure()).startsWith(key + ": ").doesNotContain("\n");
        } finally {
            agent.close();
        }
    }
}
