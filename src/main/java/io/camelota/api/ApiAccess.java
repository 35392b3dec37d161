package io.camelota.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who may call the device API, decided from the request line and headers alone, before a single
 * body byte is read: the Host (DNS rebinding), the Origin and Sec-Fetch-Site (a web page in a
 * browser on the device or the LAN), the bearer token, the method (state changes only by POST,
 * so a link or an image cannot trigger them) and the size of a non-upload body.
 * No Vert.x or Camel in here: {@link ApiGuard} feeds it.
 */
public final class ApiAccess {

    /** A refusal: the status, a short text and the headers that go with it (Allow, WWW-Authenticate). */
    public record Refusal(int status, String text, Map<String, String> headers) {
    }

    /** The request as the guard sees it; {@code header} answers every value of a header, empty when absent. */
    public record Request(String method, String path, Function<String, List<String>> header, String localAddress) {
    }

    /** A non-upload body (a form with url=…) is small; anything bigger would be buffered in memory by Vert.x. */
    public static final long MAX_FORM_BYTES = 64 * 1024;

    private static final Set<String> STATE_CHANGES = Set.of("/update", "/update/commit", "/update/revert",
            "/update/reboot");
    private static final String STATUS = "/update/status";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f]*:[0-9a-f:.]*(%[a-z0-9_.-]+)?", Pattern.CASE_INSENSITIVE);

    private final byte[] tokenDigest;
    private final Set<String> allowedHosts;
    private final InetAddress bindAddress;
    private final long maxUploadBytes;

    /**
     * @param authToken      the bearer token, empty = none required
     * @param allowedHosts   extra names a client may use in Host (lower case), beyond localhost and the bound address
     * @param bindHost       ota.http.host (an address or a name; only an address literal counts for Host)
     * @param maxUploadBytes the largest multipart upload body (what the slots hold plus bundle overhead)
     */
    public ApiAccess(String authToken, Set<String> allowedHosts, String bindHost, long maxUploadBytes) {
        this.tokenDigest = authToken == null || authToken.isEmpty() ? null : sha256(authToken);
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.bindAddress = literal(bindHost);
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Null when the request may go on to the routes; otherwise the answer to give instead. */
    public Refusal check(Request r) {
        List<String> hosts = r.header().apply("Host");
        if (hosts.size() != 1 || !hostAllowed(hosts.get(0), r.localAddress())) {
            return new Refusal(421, "Misdirected request: unknown Host\r\n", Map.of());
        }
        String ownOrigin = "http://" + hosts.get(0).trim().toLowerCase(Locale.ROOT);
        for (String origin : r.header().apply("Origin")) {
            if (!origin.trim().toLowerCase(Locale.ROOT).equals(ownOrigin)) {
                return new Refusal(403, "Forbidden: cross-origin request\r\n", Map.of());
            }
        }
        for (String site : r.header().apply("Sec-Fetch-Site")) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("same-origin") && !s.equals("none")) {
                return new Refusal(403, "Forbidden: cross-site request\r\n", Map.of());
            }
        }
        if (tokenDigest != null && !tokenMatches(r.header().apply("Authorization"))) {
            return new Refusal(401, "Unauthorized\r\n", Map.of("WWW-Authenticate", "Bearer"));
        }
        String path = trimSlashes(r.path());
        String method = r.method().toUpperCase(Locale.ROOT);
        if (STATE_CHANGES.contains(path) && !method.equals("POST")) {
            return new Refusal(405, "Method not allowed: state changes need POST\r\n", Map.of("Allow", "POST"));
        }
        if (path.equals(STATUS) && !method.equals("GET") && !method.equals("HEAD")) {
            return new Refusal(405, "Method not allowed\r\n", Map.of("Allow", "GET, HEAD"));
        }
        return bodyRefusal(r);
    }

    /**
     * Only a multipart upload may be large (Vert.x spools it to disk, up to the body limit); any
     * other body is held in memory by Vert.x, so it must say its length and keep it small.
     */
    private Refusal bodyRefusal(Request r) {
        List<String> type = r.header().apply("Content-Type");
        boolean multipart = type.size() == 1
                && type.get(0).trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        if (!multipart && !r.header().apply("Transfer-Encoding").isEmpty()) {
            return new Refusal(411, "Length required\r\n", Map.of());
        }
        for (String length : r.header().apply("Content-Length")) {
            try {
                if (Long.parseLong(length.trim()) > (multipart ? maxUploadBytes : MAX_FORM_BYTES)) {
                    return new Refusal(413, "Request body too large\r\n", Map.of());
                }
            } catch (NumberFormatException e) {
                return new Refusal(400, "Bad Content-Length\r\n", Map.of());
            }
        }
        return null;
    }

    /** Exactly one "Authorization: Bearer <token>"; the tokens are compared as SHA-256 digests, in constant time. */
    private boolean tokenMatches(List<String> values) {
        if (values.size() != 1) {
            return false;
        }
        String v = values.get(0).trim();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(v.substring(7).trim()));
    }

    /** localhost, a loopback address, the address this connection arrived on, the bound address, or a listed name. */
    private boolean hostAllowed(String hostHeader, String localAddress) {
        String host = hostName(hostHeader);
        if (host.isEmpty()) {
            return false;
        }
        if (host.equals("localhost") || allowedHosts.contains(host)) {
            return true;
        }
        InetAddress a = literal(host);
        if (a == null) {
            return false;
        }
        return a.isLoopbackAddress() || a.equals(literal(localAddress)) || a.equals(bindAddress);
    }

    /** The host part of a Host header: "[::1]:8180" → "::1", "Example.com:80" → "example.com". */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? "" : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** An IPv4 or IPv6 address literal, parsed without any DNS lookup; null for a name. */
    public static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (IPV4.matcher(h).matches()) {
                String[] octets = h.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(octets[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            // hex digits and colons only: the JDK parses it as an IPv6 literal and never resolves it
            return IPV6.matcher(h).matches() ? InetAddress.getByName(h) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String trimSlashes(String path) {
        String p = path == null ? "" : path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
