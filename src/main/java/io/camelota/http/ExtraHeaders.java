package io.camelota.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * update.extra_http_headers: a header block, "Name: value" lines separated by CRLF or LF
 * (the original's undocumented format, protocol §2.4). Lines that would change the framing or
 * the target of the request are refused, as is anything that is not a header line.
 */
public final class ExtraHeaders {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> FORBIDDEN = Set.of("host", "content-length", "transfer-encoding", "connection");

    private ExtraHeaders() {
    }

    /** Parses the block; throws IllegalArgumentException naming the key and the bad line. */
    public static Map<String, String> parse(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (block == null || block.isBlank()) {
            return headers;
        }
        // A literal "\r\n" typed into a properties file or env var means a line break too.
        String text = block.replace("\\r\\n", "\n").replace("\\n", "\n");
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim() : "";
            if (colon <= 0 || !TOKEN.matcher(name).matches() || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("update.extra_http_headers: line " + lineNo
                        + " is not 'Name: value': " + line);
            }
            if (FORBIDDEN.contains(name.toLowerCase())) {
                throw new IllegalArgumentException("update.extra_http_headers: " + name + " may not be set there");
            }
            headers.put(name, line.substring(colon + 1).trim());
        }
        return headers;
    }
}
