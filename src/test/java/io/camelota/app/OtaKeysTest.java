package io.camelota.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class OtaKeysTest {

    private static Function<String, Optional<String>> keys(Map<String, String> host) {
        return OtaKeys.lookup(k -> Optional.ofNullable(host.get(k)));
    }

    @Test
    void theMongooseKeyIsReadAsItIs() {
        assertThat(keys(Map.of("update.url", "http://a/fw.zip")).apply("update.url")).contains("http://a/fw.zip");
    }

    @Test
    void thePrefixedFormWinsOverTheBareOne() {
        Map<String, String> host = Map.of("update.url", "http://host-thing/", "ota.update.url", "http://updates/fw.zip");
        assertThat(keys(host).apply("update.url")).contains("http://updates/fw.zip");
    }

    @Test
    void withPrefixedKeysOnlyTheHostsOwnUpdateKeysAreNeverRead() {
        Map<String, String> host = new HashMap<>(Map.of("ota.keys", "prefixed", "update.url", "http://host-thing/",
                "update.interval", "5"));
        assertThat(keys(host).apply("update.url")).isEmpty();
        assertThat(keys(host).apply("update.interval")).isEmpty();
        host.put("ota.update.interval", "60");
        assertThat(keys(host).apply("update.interval")).contains("60");
        // the agent's own keys need no second prefix
        host.put("ota.http.port", "8181");
        assertThat(keys(host).apply("ota.http.port")).contains("8181");
    }

    @Test
    void anUnknownModeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> keys(Map.of("ota.keys", "some")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ota.keys:");
    }
}
