package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OtaSettings without Camel: defaults (protocol §1), validation and the properties the YAML routes read. */
class OtaSettingsTest {

    private static OtaSettings settings(Map<String, String> values) {
        return OtaSettings.from(k -> Optional.ofNullable(values.get(k)));
    }

    private static OtaSettings settings(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return settings(m);
    }

    @Test
    void defaultsAreTheMongooseOnes() {
        OtaSettings s = settings("device.mac", "0A1B2C3D4E5F");

        assertThat(s.url()).isEmpty();
        assertThat(s.interval()).isZero();
        assertThat(s.commitTimeout()).isZero();
        assertThat(s.timeout()).isEqualTo(600);
        assertThat(s.enablePost()).isTrue();
        assertThat(s.installPolicy().sigReqMask()).isEqualTo(-1);
        assertThat(s.installPolicy().allowDowngrade()).isTrue();
        assertThat(s.extraHeaders()).isEmpty();
        assertThat(s.maxRedirects()).isEqualTo(5);
        assertThat(s.connectTimeout()).isEqualTo(30);
        assertThat(s.pollOnStart()).isFalse();
        assertThat(s.sslCaFile()).isEmpty();
        assertThat(s.sslServerName()).isEmpty();
        assertThat(s.device().id()).isNull();
        assertThat(s.device().deviceIdHeader()).isEqualTo("- 0A1B2C3D4E5F");
        assertThat(s.device().platform()).isEqualTo("ubuntu");
        assertThat(s.fwVersion()).isEqualTo("1.0");
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.slots().appSlot(1)).isEqualTo(Path.of("data", "slot1.img"));
    }

    @Test
    void emptyValuesCountAsUnset() {
        OtaSettings s = settings("update.timeout", "", "device.id", "  ", "update.sig_req_mask", "",
                "device.mac", "0A1B2C3D4E5F", "update.url", " ");

        assertThat(s.timeout()).isEqualTo(600);
        assertThat(s.device().id()).isNull();
        assertThat(s.installPolicy().sigReqMask()).isEqualTo(-1);
        assertThat(s.url()).isEmpty();
        assertThat(s.pollEnabled()).isFalse();
    }

    @Test
    void macWithoutConfigIsTwelveUpperCaseHex() {
        assertThat(settings().device().mac()).matches("[0-9A-F]{12}");
        assertThat(settings("device.mac", "0a:1b:2c:3d:4e:5f").device().mac()).isEqualTo("0A1B2C3D4E5F");
    }

    @ParameterizedTest(name = "url=''{0}'' interval={1} -> {2}")
    @CsvSource({
        "'',                       60, false",
        "http://127.0.0.1/fw.zip,   0, false",
        "http://127.0.0.1/fw.zip,   1, true",
        "https://ota.test/fw.zip, 3600, true",
    })
    void pollRunsOnlyWithUrlAndPositiveInterval(String url, int interval, boolean enabled) {
        OtaSettings s = settings("update.url", url, "update.interval", Integer.toString(interval));

        assertThat(s.pollEnabled()).isEqualTo(enabled);
    }

    @Test
    void firstPollComesOneIntervalAfterStart() {
        Map<String, String> d = settings("update.url", "http://127.0.0.1/fw.zip", "update.interval", "90")
                .derivedProperties();

        assertThat(d).containsEntry("ota.route.poll_interval_ms", "90000").containsEntry("ota.route.poll_start_delay_ms", "90000");
    }

    @Test
    void pollOnStartMeansNoStartDelay() {
        Map<String, String> d = settings("update.url", "http://127.0.0.1/fw.zip", "update.interval", "90",
                "update.poll_on_start", "true").derivedProperties();

        assertThat(d).containsEntry("ota.route.poll_start_delay_ms", "0").containsEntry("ota.route.poll_interval_ms", "90000");
    }

    @Test
    void disabledPollStillGivesQuartzAPositiveInterval() {
        Map<String, String> d = settings().derivedProperties();

        assertThat(Long.parseLong(d.get("ota.route.poll_interval_ms"))).isPositive();
    }

    @Test
    void theReadTimeoutIsHalfTheInactivityTimeout() {
        // one rule: a stalled read fails at update.timeout / 2 and is resumed; the watchdog ends the
        // attempt at update.timeout without a byte
        OtaSettings s = settings("update.timeout", "7", "update.connect_timeout", "3");
        assertThat(s.readTimeoutMillis()).isEqualTo(3500);
        assertThat(s.derivedProperties()).containsEntry("ota.route.update_timeout", "7");
        assertThat(s.httpOptions()).contains("&connectTimeout=3000&").contains("&responseTimeout=3500&")
                .contains("&soTimeout=3500&");
        assertThat(settings("update.timeout", "1").readTimeoutMillis()).isEqualTo(500);
        assertThat(settings("update.timeout", "0").readTimeoutMillis()).as("0 = never, for both").isZero();
        assertThat(settings().readTimeoutMillis()).isEqualTo(300_000);
    }

    @Test
    void theRoutesGetTheValidatedValues() {
        OtaSettings s = settings("update.checkpoint_bytes", "4096", "ota.server.enabled", "TRUE",
                "update.commit_timeout", "30", "boot.reboot_mode", "EXIT");
        assertThat(s.routes().serverEnabled()).isTrue();
        Map<String, String> d = s.derivedProperties();
        assertThat(d).containsEntry("ota.route.checkpoint_bytes", "4096")
                .containsEntry("ota.route.commit_timeout", "30").containsEntry("ota.route.reboot_mode", "exit")
                .containsEntry("ota.route.update_http_options", settings().httpOptions());
        assertThat(settings().derivedProperties()).containsEntry("ota.route.checkpoint_bytes", "134217728");
        assertThat(settings().routes().serverEnabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ota.server.enabled     | yes",
        "ota.http.enabled       | on",
        "update.enable_post     | 1",
        "update.checkpoint_bytes| 0",
        "update.checkpoint_bytes| 16M",
        "ota.demo.health_status | 9999",
        "update.key0            | not-base64!",
        "update.key3            | MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
    })
    void valuesTheRoutesUsedToReadRawAreValidatedAtStart(String key, String value) {
        assertThatThrownBy(() -> settings(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWellFormedP256KeyIsAccepted() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        String key = java.util.Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        assertThat(settings("update.key5", key).installPolicy().keys().get(5)).isEqualTo(key);
        java.security.KeyPairGenerator other = java.security.KeyPairGenerator.getInstance("EC");
        other.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        String p384 = java.util.Base64.getEncoder().encodeToString(other.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> settings("update.key1", p384)).hasMessageStartingWith("update.key1: ")
                .hasMessageContaining("P-256");
    }

    @Test
    void extraHeadersAsAPropertiesFileLineLoadsWithRealLineBreaks() throws IOException {
        // In application.properties "\r\n" is an escape: Properties turns it into CR LF.
        Properties p = new Properties();
        p.load(new StringReader("update.extra_http_headers = X-Fleet: a\\r\\nX-Token: b\n"
                + "device.mac = 0A1B2C3D4E5F\n"));
        assertThat(p.getProperty("update.extra_http_headers")).isEqualTo("X-Fleet: a\r\nX-Token: b");

        OtaSettings s = OtaSettings.from(k -> Optional.ofNullable(p.getProperty(k)));

        assertThat(s.extraHeaders()).containsExactly(Map.entry("X-Fleet", "a"), Map.entry("X-Token", "b"));
    }

    @Test
    void extraHeadersWithALiteralBackslashRnAreSplitToo() throws IOException {
        // "\\r\\n" in a properties file (or an environment variable) leaves a literal backslash-r-backslash-n.
        Properties p = new Properties();
        p.load(new StringReader("update.extra_http_headers = X-Fleet: a\\\\r\\\\nX-Token: b\n"));
        assertThat(p.getProperty("update.extra_http_headers")).isEqualTo("X-Fleet: a\\r\\nX-Token: b");

        OtaSettings s = OtaSettings.from(k -> Optional.ofNullable(p.getProperty(k)));

        assertThat(s.extraHeaders()).containsExactly(Map.entry("X-Fleet", "a"), Map.entry("X-Token", "b"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "update.interval           | ten",
        "update.timeout            | -1",
        "update.commit_timeout     | 1.5",
        "update.max_redirects      | -1",
        "update.interval           | 99999999999",
        "update.extra_http_headers | no colon here",
        "update.extra_http_headers | Host: x",
        "update.extra_http_headers | Transfer-Encoding: chunked",
        "update.extra_http_headers | Bad Name: x",
        "device.mac                | zz",
        "device.mac                | 0A1B2C3D4E5F00",
        "update.poll_on_start      | sometimes",
        "update.url                | 127.0.0.1/fw.zip",
    })
    void badValuesNameTheirKey(String key, String value) {
        assertThatThrownBy(() -> settings(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void fsSlotsMustComeInPairs() {
        assertThatThrownBy(() -> settings("flash.fs_slot.0.path", "/tmp/fs0"))
                .hasMessageContaining("flash.fs_slot.0.path");
    }

    @Test
    void commandRebootNeedsACommand() {
        assertThatThrownBy(() -> settings("boot.reboot_mode", "command"))
                .hasMessageStartingWith("boot.reboot_command: ");
        assertThat(settings("boot.reboot_mode", "COMMAND", "boot.reboot_command", "true").rebootMode())
                .isEqualTo(io.camelota.device.RebootMode.COMMAND);
    }
}
