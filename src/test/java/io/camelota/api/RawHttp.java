package io.camelota.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelota.slot.SlotWriter;

/**
 * HTTP/1.1 written by hand on a socket to 127.0.0.1: what an attacker sends, including what
 * java.net.http will not (a foreign Host, no Host, a body cut off midway).
 */
final class RawHttp {

    /** A response: status, headers (lower-case names), body text. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /** Sends one request with "Connection: close" and reads the whole answer. {@code head} lines end without CRLF. */
    static Answer send(int port, String requestLine, byte[] body, String... headerLines) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head(requestLine, body == null ? -1 : body.length, headerLines));
            out.flush();
            if (body != null && body.length > 0) {
                // the body goes on its own thread: a refusal may come (and the server stop reading) before it is all sent
                Thread writer = new Thread(() -> {
                    try {
                        out.write(body);
                        out.flush();
                    } catch (IOException ignored) {
                        // the server answered and closed without reading the rest: expected for a refusal
                    }
                }, "raw-http-body");
                writer.setDaemon(true);
                writer.start();
            }
            return read(s.getInputStream());
        }
    }

    static byte[] head(String requestLine, long contentLength, String... headerLines) {
        StringBuilder h = new StringBuilder(requestLine).append("\r\n");
        for (String line : headerLines) {
            h.append(line).append("\r\n");
        }
        if (contentLength >= 0) {
            h.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        h.append("Connection: close\r\n\r\n");
        return h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads the status line, the headers and (Content-Length or until close) the body. */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the answer's headers: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : Arrays.copyOfRange(lines, 1, lines.length)) {
            int c = l.indexOf(':');
            if (c > 0) {
                headers.put(l.substring(0, c).trim().toLowerCase(), l.substring(c + 1).trim());
            }
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length))
                : "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(in) : in.readAllBytes();
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** The bytes a device must keep through any attack: the active slot and the boot state. */
    record DeviceFiles(String activeSlotSha256, String bootState) {
        static DeviceFiles of(Path activeSlot, Path bootState) throws IOException {
            return new DeviceFiles(SlotWriter.sha256(activeSlot, Files.size(activeSlot)),
                    HexFormat.of().formatHex(Files.readAllBytes(bootState)));
        }
    }
}
