package io.camelota.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from outside cannot break a log line or reorder what a terminal shows. */
class SafeTextTest {

    @Test
    void controlsBecomeVisibleEscapes() {
        assertThat(SafeText.of("a\r\nINFO forged\tx\u0000\u001b[31m\u007f")).isEqualTo("a\\r\\nINFO forged\\tx\\u0000\\u001b[31m\\u007f");
        assertThat(SafeText.of("evil\u202egpj.zip \u2028next")).isEqualTo("evil\\u202egpj.zip \\u2028next");
        assertThat(SafeText.of(SafeText.of("a\r\nb"))).as("idempotent").isEqualTo("a\\r\\nb");
    }

    @Test
    void plainTextIsKeptAndLongTextIsCut() {
        assertThat(SafeText.of("Update applied, finalizing")).isEqualTo("Update applied, finalizing");
        assertThat(SafeText.of("Ünïcödé ok")).isEqualTo("Ünïcödé ok");
        assertThat(SafeText.of("x".repeat(1000))).hasSize(SafeText.MAX_CHARS + 1).endsWith("…");
        assertThat(SafeText.of(null)).isEqualTo("null");
    }
}
