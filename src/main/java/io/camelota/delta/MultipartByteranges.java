package io.camelota.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a {@code multipart/byteranges} body (RFC 9110 §14.6) as a stream, part by part, without searching the
 * data for the boundary: each part's Content-Range says how many bytes follow, and the delimiter must come
 * exactly after them. Every part must be the range asked for at its position; a missing or an extra part, a
 * foreign range, an overlong header line: each is an error, never silently skipped.
 */
final class MultipartByteranges {

    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 16;

    private final InputStream in;
    private final String delimiter;
    private final List<ByteRange> expected;
    private final long bundleSize;
    private int next;

    MultipartByteranges(InputStream in, String contentType, List<ByteRange> expected, long bundleSize)
            throws DeltaException {
        this.in = in;
        this.delimiter = "--" + boundary(contentType);
        this.expected = expected;
        this.bundleSize = bundleSize;
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.trim().toLowerCase().startsWith("multipart/byteranges");
    }

    static String boundary(String contentType) throws DeltaException {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (b.isEmpty() || b.length() > 70) {
                    throw new DeltaException("multipart answer with an invalid boundary '" + b + "'");
                }
                return b;
            }
        }
        throw new DeltaException("multipart answer without a boundary: '" + contentType + "'");
    }

    /** Positions the stream at the data of the next expected part; the caller then reads exactly its length. */
    void nextPart() throws IOException, DeltaException {
        String line = delimiterLine(next == 0);
        if (line.equals(delimiter + "--")) {
            throw new DeltaException("multipart answer is missing parts: " + next + " of " + expected.size()
                    + " ranges received");
        }
        ByteRange got = null;
        for (int i = 0; ; i++) {
            String h = readLine();
            if (h.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                throw new DeltaException("multipart answer: too many part headers");
            }
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Range")) {
                got = ByteRange.parseContentRange(h.substring(colon + 1), bundleSize);
            }
        }
        if (got == null) {
            throw new DeltaException("multipart answer: part " + next + " without Content-Range");
        }
        ByteRange want = expected.get(next);
        if (!got.equals(want)) {
            throw new DeltaException("multipart answer: part " + next + " is bytes " + got.spec() + ", asked for "
                    + want.spec());
        }
        next++;
    }

    /** After the last expected part: the closing delimiter, and nothing that looks like another part. */
    void finish() throws IOException, DeltaException {
        String line = delimiterLine(false);
        if (!line.equals(delimiter + "--")) {
            throw new DeltaException("multipart answer has more parts than the " + expected.size() + " ranges asked for");
        }
    }

    /** Skips the CRLF that ends a part's data (and at the start, a short preamble of empty lines). */
    private String delimiterLine(boolean first) throws IOException, DeltaException {
        for (int skipped = 0; skipped <= 2; skipped++) {
            String line = readLine();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals(delimiter) || line.equals(delimiter + "--")) {
                return line;
            }
            throw new DeltaException("multipart answer: expected the boundary" + (first ? "" : " right after a part")
                    + ", got '" + SafeLine.of(line) + "'");
        }
        throw new DeltaException("multipart answer: no boundary");
    }

    private String readLine() throws IOException, DeltaException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(80);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new DeltaException("multipart answer ended early (after " + next + " of " + expected.size()
                        + " ranges)");
            }
            if (c == '\n') {
                break;
            }
            b.write(c);
            if (b.size() > MAX_LINE) {
                throw new DeltaException("multipart answer: line longer than " + MAX_LINE + " bytes");
            }
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A hostile line is quoted in a message: printable ASCII, at most 80 characters. */
    static final class SafeLine {
        private SafeLine() {
        }

        static String of(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (b.length() >= 80) {
                    return b + "...";
                }
                b.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return b.toString();
        }
    }
}
