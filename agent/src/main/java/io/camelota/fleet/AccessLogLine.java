package io.camelota.fleet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the {@code ota} access log format (nginx, or the update-server route):
 * <pre>
 * log_format ota '$time_iso8601 "$http_x_mgos_device_id" "$http_x_mgos_fw_version" "$http_x_ota_rejected_version" $status $body_bytes_sent "$http_x_ota_state"';
 * </pre>
 * nginx writes an absent header as {@code -} and escapes {@code "}, {@code \} and bytes outside
 * printable ASCII as {@code \xHH}; those are decoded back (as UTF-8). The values are the devices'
 * own words: whoever shows them escapes them for where they go.
 *
 * @param device   X-MGOS-Device-ID ("&lt;id&gt; &lt;mac&gt;")
 * @param version  the version in X-MGOS-FW-Version ("&lt;platform&gt; &lt;version&gt; &lt;build&gt;"), "-" if none
 * @param rejected X-OTA-Rejected-Version, null if none
 * @param state    X-OTA-State, null if none (an agent without it, or the format without the field)
 */
public record AccessLogLine(Instant time, String device, String version, String rejected, int status, long bytes,
                            String state) {

    private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern LINE = Pattern.compile("^(\\S+) " + QUOTED + " " + QUOTED + " " + QUOTED
            + " (\\d{3}) (\\d+)(?: " + QUOTED + ")?\\s*$");
    private static final Pattern ESCAPE = Pattern.compile("\\\\x([0-9A-Fa-f]{2})");

    /** The line as a poll, or empty for anything else (another format, a request without the device header). */
    public static Optional<AccessLogLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(m.group(1)).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String device = field(m.group(2));
        if (device == null) {
            return Optional.empty(); // not a device's poll (a browser, a health probe)
        }
        String fw = field(m.group(3));
        String[] fwParts = fw == null ? new String[0] : fw.strip().split("\\s+");
        String version = fwParts.length >= 2 ? fwParts[1] : "-";
        return Optional.of(new AccessLogLine(time, device, version, field(m.group(4)), Integer.parseInt(m.group(5)),
                Long.parseLong(m.group(6)), m.group(7) == null ? null : field(m.group(7))));
    }

    /** A quoted field's value: "-" (nginx's "no such header") and empty are null. */
    private static String field(String raw) {
        String v = unescape(raw);
        return v.isEmpty() || v.equals("-") ? null : v;
    }

    /** nginx's \xHH escapes back to bytes, then UTF-8 (a malformed sequence becomes U+FFFD). */
    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        Matcher m = ESCAPE.matcher(raw);
        int at = 0;
        while (m.find()) {
            bytes.writeBytes(raw.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
            bytes.write(Integer.parseInt(m.group(1), 16));
            at = m.end();
        }
        bytes.writeBytes(raw.substring(at).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
