package io.camelota.app;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.camelota.slot.SlotLayout;

/**
 * The device API's security keys: which Host names it answers besides localhost and its
 * own address, and whether an operator really meant to expose it to the network without a token.
 *
 * @param allowedHosts         ota.http.allowed_hosts, lower case
 * @param allowUnauthenticated ota.http.allow_unauthenticated
 * @param exposed              true when ota.http.host is not a loopback address (reachable from the network)
 * @param mode                 ota.http.mode: where the device endpoints are served
 * @param pathPrefix           ota.http.path_prefix: their path prefix on the host's platform-http (mode host)
 * @param headerTimeout        ota.http.header_timeout (s, default 10): request line and headers must be complete
 *                             this long after the connection opened or the previous answer was sent
 * @param idleTimeout          ota.http.idle_timeout (s, default 30): a request body that sends nothing this long is cut
 * @param uploadReserveBytes   ota.http.upload_reserve_bytes (default 16 MiB): free bytes an upload must leave in
 *                             the uploads folder's file store, judged on its declared Content-Length
 */
public record ApiSettings(Set<String> allowedHosts, boolean allowUnauthenticated, boolean exposed, HttpMode mode,
                          String pathPrefix, Duration headerTimeout, Duration idleTimeout, long uploadReserveBytes) {

    /**
     * Where the device endpoints (/update, /update/status, …) live. Never moves silently: the agent
     * logs where it serves them at every start.
     */
    public enum HttpMode {
        /** the agent's own HTTP server on ota.http.host:ota.http.port, whatever the host application runs */
        OWN,
        /** mounted under the host application's own platform-http server, at ota.http.path_prefix */
        HOST,
        /** no device endpoints at all */
        OFF
    }

    /** Shortest ota.http.auth_token accepted when the API is reachable from the network. */
    public static final int MIN_TOKEN_CHARS = 16;

    /** Room for the manifest, zip headers, signatures and multipart framing on top of the parts themselves. */
    public static final long BUNDLE_OVERHEAD_BYTES = 16L << 20;

    static ApiSettings from(ConfigValues c) {
        Set<String> hosts = Arrays.stream(c.string("ota.http.allowed_hosts", "").split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String h : hosts) {
            if (!h.matches("[a-z0-9.:\\[\\]_-]+")) {
                throw new IllegalArgumentException("ota.http.allowed_hosts: not a host name: '" + h + "'");
            }
        }
        boolean allowUnauthenticated = c.bool("ota.http.allow_unauthenticated", false);
        // ota.http.enabled=false (the older switch) still means no endpoints
        HttpMode mode = c.bool("ota.http.enabled", true) ? c.choice("ota.http.mode", HttpMode.OWN, HttpMode.class)
                : HttpMode.OFF;
        String prefix = c.string("ota.http.path_prefix", "/ota");
        if (!prefix.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("ota.http.path_prefix: must be a path such as /ota, got '" + prefix + "'");
        }
        String host = c.string("ota.http.host", "127.0.0.1");
        boolean exposed = !isLoopback(host);
        String token = c.string("ota.http.auth_token", "");
        boolean tokenSet = !token.isEmpty();
        if (mode == HttpMode.OWN && exposed && tokenSet && token.length() < MIN_TOKEN_CHARS) {
            // guessable over the network; on loopback only local processes can try, and tests use short ones
            throw new IllegalArgumentException("ota.http.auth_token: " + token.length() + " characters; an API "
                    + "reachable from the network (ota.http.host=" + host + ") needs at least " + MIN_TOKEN_CHARS
                    + " (e.g. openssl rand -hex 16)");
        }
        if (mode == HttpMode.OWN && exposed && !tokenSet && !allowUnauthenticated) {
            throw new IllegalArgumentException("ota.http.host: '" + host + "' is reachable from the network but "
                    + "ota.http.auth_token is not set; set a token (or ota.http.allow_unauthenticated=true to accept anyone)");
        }
        return new ApiSettings(hosts, allowUnauthenticated, exposed, mode, prefix,
                Duration.ofSeconds(c.integer("ota.http.header_timeout", 10, 1)),
                Duration.ofSeconds(c.integer("ota.http.idle_timeout", 30, 1)),
                c.number("ota.http.upload_reserve_bytes", 16L << 20, 0));
    }

    /** The consumer URI of an HTTP path of the agent's, e.g. "/update": on its own server or the host's. */
    public String endpoint(String path) {
        return mode == HttpMode.HOST ? "platform-http:" + pathPrefix + path : io.camelota.api.OwnHttpServer.COMPONENT + ":" + path;
    }

    /** The prefix the agent's paths carry on the server: "" on its own server. */
    public String servedPrefix() {
        return mode == HttpMode.HOST ? pathPrefix : "";
    }

    /** localhost or a loopback address literal; any other name counts as reachable (no DNS lookup here). */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        InetAddress a = io.camelota.api.ApiAccess.literal(h);
        return a != null && a.isLoopbackAddress();
    }

    /** The largest upload body: every slot kind of a bundle full, plus the bundle's overhead. */
    public static long maxUploadBytes(SlotLayout slots) {
        int kinds = slots.fsSlots() == null ? 1 : 2;
        return kinds * slots.slotSize() + BUNDLE_OVERHEAD_BYTES;
    }
}
