package io.camelota.bundle;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns the stored manifest.json bytes (and the manifest entry's 0x293A extra field) into a {@link Manifest}. */
final class ManifestParser {

    // Duplicate keys are refused: a signature covers the raw bytes, and two parsers that pick different
    // duplicates would let a signed manifest mean two things. Trailing garbage is refused for the same reason.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestParser() {
    }

    static Manifest parse(byte[] raw, Map<String, String> extraAttributes) throws BundleException {
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new BundleException("Failed to parse manifest", e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleException("Failed to parse manifest");
        }
        String platform = requiredText(root, "platform");
        String version = requiredText(root, "version");
        String buildId = requiredText(root, "build_id");
        JsonNode partsNode = root.get("parts");
        if (partsNode == null || !partsNode.isObject() || partsNode.isEmpty()) {
            throw new BundleException("Required manifest field missing");
        }
        Map<String, ManifestPart> parts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = partsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.put(e.getKey(), part(e.getKey(), e.getValue()));
        }
        return new Manifest(optionalText(root, "name"), platform, version, buildId,
                optionalText(root, "build_timestamp"), parts, raw, extraAttributes);
    }

    private static ManifestPart part(String name, JsonNode p) throws BundleException {
        if (!p.isObject()) {
            throw new BundleException("Failed to parse manifest");
        }
        JsonNode size = p.get("size");
        Long sizeValue = null;
        if (size != null && !size.isNull()) {
            // a size that cannot be checked must not silently disable the size check
            if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
                throw new BundleException("Failed to parse manifest");
            }
            sizeValue = size.asLong();
        }
        // src may be an object in the rarely used directory form; then it matches no entry name
        return new ManifestPart(name, optionalText(p, "type"), optionalText(p, "src"), sizeValue,
                optionalText(p, "cs_sha1"), optionalText(p, "cs_sha256"), p);
    }

    private static String requiredText(JsonNode root, String field) throws BundleException {
        String v = optionalText(root, field);
        if (v == null) {
            throw new BundleException("Required manifest field missing");
        }
        return v;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The key/values of the manifest entry's 0x293A extra block, values as text (see {@link ExtraField}). */
    static Map<String, String> extraAttributes(LocalHeader header) {
        return ExtraField.attributeText(header.extra());
    }
}
