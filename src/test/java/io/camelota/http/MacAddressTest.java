package io.camelota.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void evenPlaceholdersTakeTheTrailingMacDigits() {
        assertThat(MacAddress.expandPlaceholders("esp32_??????", "240AC41A2B3C")).isEqualTo("esp32_1A2B3C");
        assertThat(MacAddress.expandPlaceholders("gw-??-x-??", "240AC41A2B3C")).isEqualTo("gw-2B-x-3C");
    }

    @Test
    void oddOrNoPlaceholdersAreLeftAlone() {
        assertThat(MacAddress.expandPlaceholders("dev???", "240AC41A2B3C")).isEqualTo("dev???");
        assertThat(MacAddress.expandPlaceholders("plain", "240AC41A2B3C")).isEqualTo("plain");
        assertThat(MacAddress.expandPlaceholders(null, "240AC41A2B3C")).isNull();
    }

    @Test
    void macSpellingsAreNormalised() {
        assertThat(MacAddress.normalize("24:0a:c4:1a:2b:3c")).isEqualTo("240AC41A2B3C");
        assertThatThrownBy(() -> MacAddress.normalize("zz")).hasMessageStartingWith("device.mac:");
    }
}
