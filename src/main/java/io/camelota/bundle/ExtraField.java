package io.camelota.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The zip extra field, both ways: the block list (header id, little-endian length, data) and the
 * 0x293A block in which mos keeps the manifest's attributes (sig0..sig7, --extra-attr values) as a
 * compact JSON object. The device's reader, the bundle tool's writer and the tests' bundles all go
 * through here, so what one writes the other reads.
 */
public final class ExtraField {

    /** Header id of the attributes block (bytes 3A 29 on disk). */
    public static final int ATTRIBUTES_ID = 0x293A;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // duplicate keys are refused as in the manifest: two sig0 values must not mean two things
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExtraField() {
    }

    /** The data of the first block with that id, or null. A malformed block list ends the search. */
    public static byte[] find(byte[] extra, int headerId) {
        int i = 0;
        while (extra != null && i + 4 <= extra.length) {
            int id = (extra[i] & 0xFF) | (extra[i + 1] & 0xFF) << 8;
            int len = (extra[i + 2] & 0xFF) | (extra[i + 3] & 0xFF) << 8;
            if (i + 4 + len > extra.length) {
                return null;
            }
            if (id == headerId) {
                byte[] out = new byte[len];
                System.arraycopy(extra, i + 4, out, 0, len);
                return out;
            }
            i += 4 + len;
        }
        return null;
    }

    /**
     * The attributes of the 0x293A block with their JSON values, in stored order. Absent, malformed, with a
     * duplicate key or not a JSON object: empty (a device then finds no signature, which fails any required one).
     */
    public static Map<String, JsonNode> attributes(byte[] extra) {
        byte[] data = find(extra, ATTRIBUTES_ID);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (data == null) {
            return out;
        }
        try {
            JsonNode node = STRICT.readTree(data);
            if (node != null && node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), e.getValue());
                }
            }
        } catch (IOException e) {
            out.clear();
        }
        return out;
    }

    /** As {@link #attributes}, values as text: strings as themselves, other JSON values as their JSON text. */
    public static Map<String, String> attributeText(byte[] extra) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes(extra).forEach((k, v) -> out.put(k, v.isTextual() ? v.asText() : v.toString()));
        return out;
    }

    /**
     * A whole extra field holding one 0x293A block with {@code attrs} as compact JSON (values: strings,
     * numbers, booleans, {@link JsonNode}s...); an empty array when there are no attributes.
     */
    public static byte[] encodeAttributes(Map<String, ?> attrs) throws IOException {
        if (attrs.isEmpty()) {
            return new byte[0];
        }
        byte[] json = MAPPER.writeValueAsBytes(attrs);
        if (json.length > 0xFFFF - 4) {
            throw new IOException("signature/extra attributes too long for a zip extra field");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream(json.length + 4);
        o.write(ATTRIBUTES_ID & 0xFF);
        o.write(ATTRIBUTES_ID >>> 8);
        o.write(json.length & 0xFF);
        o.write(json.length >>> 8);
        o.write(json, 0, json.length);
        return o.toByteArray();
    }
}
