package io.camelota.tool;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The manifest's JSON look (the extra field's compact JSON is {@link io.camelota.bundle.ExtraField}'s). */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /* Python's json.dumps(indent=2) look, as in bundles made by the original build ("key": value, 2-space indent). */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private Json() {
    }

    static String pretty(Object value) throws IOException {
        return MAPPER.writer(PRETTY).writeValueAsString(value);
    }

    static Map<String, Object> parseObject(byte[] json) throws IOException {
        return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
