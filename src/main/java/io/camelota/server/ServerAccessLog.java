package io.camelota.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update-server route's access log, line for line what nginx writes with the {@code ota}
 * log format (docs/rollouts.md), so {@code camel-ota fleet report} reads either:
 * <pre>$time_iso8601 "$http_x_mgos_device_id" "$http_x_mgos_fw_version" "$http_x_ota_rejected_version" $status $body_bytes_sent "$http_x_ota_state"</pre>
 * Header values are escaped as nginx does ({@code "}, {@code \} and bytes outside printable ASCII
 * as {@code \xHH}), so a device cannot end a field or forge a line. A 200's byte count is the
 * bundle's size: the route hands the file to the server and does not learn where a client stopped.
 */
public final class ServerAccessLog {

    private static final Logger LOG = LoggerFactory.getLogger(ServerAccessLog.class);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final String REQUEST = "ota_access_request";
    private static final String[] HEADERS = {"X-MGOS-Device-ID", "X-MGOS-FW-Version", "X-OTA-Rejected-Version", "X-OTA-State"};

    private final Path file;
    private final Clock clock;

    /** {@code file}: null = no log. */
    public ServerAccessLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** First step: the request's device headers, before the route drops every request header. */
    public void capture(Exchange exchange) {
        if (file == null) {
            return;
        }
        Message in = exchange.getMessage();
        String[] values = new String[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            values[i] = in.getHeader(HEADERS[i], String.class);
        }
        exchange.setVariable(REQUEST, values);
    }

    /** Last step: one line for the answer the route gave. */
    public void write(Exchange exchange) {
        String[] values = exchange.getVariable(REQUEST, String[].class);
        if (file == null || values == null) {
            return;
        }
        Message msg = exchange.getMessage();
        Integer status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        long bytes;
        if (status == null || status == 200) {
            BundleCatalog.Entry e = exchange.getVariable("ota_bundle", BundleCatalog.Entry.class);
            status = 200;
            bytes = e == null ? 0 : e.size();
        } else {
            String body = msg.getBody(String.class);
            bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        }
        String line = ISO.format(OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS)) + " \"" + esc(values[0])
                + "\" \"" + esc(values[1]) + "\" \"" + esc(values[2]) + "\" " + status + " " + bytes + " \""
                + esc(values[3]) + "\"\n";
        append(line);
    }

    private synchronized void append(String line) {
        try {
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("update server: cannot write {}: {}", file, e.getMessage());
        }
    }

    /**
     * nginx's escaping of a logged variable; an absent header is "-". The HTTP server hands header
     * bytes over one char per byte (ISO-8859-1), so encoding them back gives the bytes the device
     * sent, which is what nginx escapes.
     */
    static String esc(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(value.length());
        for (byte x : value.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
                b.append(String.format("\\x%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
