package io.camelota.bundle;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one 0x293A codec: what the tool writes is what a device reads, byte for byte and value for value. */
class ExtraFieldTest {

    private static byte[] block(int id, byte[] data) {
        byte[] b = new byte[4 + data.length];
        b[0] = (byte) id;
        b[1] = (byte) (id >> 8);
        b[2] = (byte) data.length;
        b[3] = (byte) (data.length >> 8);
        System.arraycopy(data, 0, b, 4, data.length);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void writtenAttributesReadBackInOrderWithTheirTypes() throws Exception {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("sig0", "MEUCIQ==");
        attrs.put("n", 5);
        attrs.put("b", true);
        byte[] extra = ExtraField.encodeAttributes(attrs);
        assertThat(extra).startsWith(0x3A, 0x29);
        assertThat(new String(extra, 4, extra.length - 4, StandardCharsets.UTF_8))
                .isEqualTo("{\"sig0\":\"MEUCIQ==\",\"n\":5,\"b\":true}");

        Map<String, JsonNode> read = ExtraField.attributes(extra);
        assertThat(read.keySet()).containsExactly("sig0", "n", "b");
        assertThat(read.get("n").isInt()).isTrue();
        assertThat(ExtraField.attributeText(extra)).containsExactly(Map.entry("sig0", "MEUCIQ=="),
                Map.entry("n", "5"), Map.entry("b", "true"));
        // re-encoding what was read gives the same bytes (sign keeps attributes it does not touch)
        assertThat(ExtraField.encodeAttributes(read)).isEqualTo(extra);
        assertThat(ExtraField.encodeAttributes(Map.of())).isEmpty();
    }

    @Test
    void theBlockIsFoundAmongOthers() throws Exception {
        byte[] attrs = ExtraField.encodeAttributes(Map.of("sig1", "x"));
        byte[] extra = concat(block(0x5455, new byte[5]), attrs);          // a timestamp block first
        assertThat(ExtraField.attributeText(extra)).containsExactly(Map.entry("sig1", "x"));
        assertThat(ExtraField.find(extra, 0x5455)).hasSize(5);
        assertThat(ExtraField.find(extra, 0x0001)).isNull();
    }

    @Test
    void damagedOrAmbiguousFieldsReadAsNoAttributes() throws Exception {
        byte[] good = ExtraField.encodeAttributes(Map.of("sig0", "x"));
        byte[] overrun = good.clone();
        overrun[2] = (byte) (overrun[2] + 1);                             // length one byte past the end
        assertThat(ExtraField.attributes(overrun)).isEmpty();
        assertThat(ExtraField.attributes(block(0x293A, "not json".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(ExtraField.attributes(block(0x293A, "[1]".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(ExtraField.attributes(block(0x293A, "{\"sig0\":\"a\",\"sig0\":\"b\"}"
                .getBytes(StandardCharsets.UTF_8)))).as("duplicate keys").isEmpty();
        assertThat(ExtraField.attributes(null)).isEmpty();
    }

    @Test
    void tooLongForAnExtraFieldIsRefusedWhenWriting() {
        assertThatThrownBy(() -> ExtraField.encodeAttributes(Map.of("x", "y".repeat(70_000))))
                .hasMessageContaining("too long");
    }
}
