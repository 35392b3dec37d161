package io.camelota.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;
import io.camelota.flash.CheckpointStore;
import io.camelota.flash.DownloadCheckpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Prepares each HTTP hop of an update check: drops every header the exchange carries (a Quartz
 * trigger's would otherwise leak to the server), then sets the device headers and the URL of this
 * hop. Run before every hop: the device headers ({@code X-MGOS-*}, {@code User-Agent}) go to every
 * hop, as in the original; update.extra_http_headers (where users put tokens) only to a hop with the
 * same scheme, host and port as the URL the check started from, never to a host a redirect names
 * (and an S3/CDN presigned URL refuses a request that carries a second credential anyway).
 */
public final class UpdateRequest {

    /** Variable holding the URL of the hop about to be made. */
    public static final String NEXT_URL = "ota_next_url";
    /** Variable holding the URL of the hop just made. */
    public static final String URL = "ota_url";
    /** Variable holding what a 304 to this hop means ({@link HttpValidators.Meaning}), when it was conditional. */
    public static final String CONDITIONAL = "ota_conditional";
    /** Variable holding the URL the check started from (update.url or the one asked for): its origin gets the extra headers. */
    public static final String CHECK_URL = "ota_check_url";
    /** Variable holding the {@link DownloadCheckpoint} this hop asked to resume (Range sent), if any. */
    public static final String RESUME = "ota_resume";

    /** Variable set when this hop asked for the bundle's head only (flash.delta): a 206 then is its answer. */
    public static final String DELTA_HEAD = "ota_delta_head";

    private final DeviceIdentity device;
    private long deltaHeadBytes;
    private final BootControl boot;
    private final Map<String, String> extraHeaders;
    private final HttpValidators validators;
    private final CheckpointStore checkpoints;
    private final FleetState fleet;

    public UpdateRequest(DeviceIdentity device, BootControl boot, Map<String, String> extraHeaders,
                         HttpValidators validators) {
        this(device, boot, extraHeaders, validators, null);
    }

    /** {@code checkpoints}: where a broken download's state survives a restart (null = no resume across attempts). */
    public UpdateRequest(DeviceIdentity device, BootControl boot, Map<String, String> extraHeaders,
                         HttpValidators validators, CheckpointStore checkpoints) {
        this(device, boot, extraHeaders, validators, checkpoints, null);
    }

    /** {@code fleet}: the X-OTA-State / X-OTA-Rejected-Version each poll reports (null = none). */
    public UpdateRequest(DeviceIdentity device, BootControl boot, Map<String, String> extraHeaders,
                         HttpValidators validators, CheckpointStore checkpoints, FleetState fleet) {
        this.fleet = fleet;
        this.checkpoints = checkpoints;
        this.device = device;
        this.boot = boot;
        // keeps the configured order (Map.copyOf would not: its order changes from one JVM run to the next)
        this.extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
        this.validators = validators;
    }

    /**
     * With delta updates on, a check asks for the first {@code bytes} of the bundle only (Range): enough for the
     * manifest and the chunk indexes, so a delta install does not make the server push a whole bundle into the
     * socket buffers before the device can stop it. 0 = plain GETs.
     */
    public UpdateRequest withDeltaHead(long bytes) {
        this.deltaHeadBytes = bytes;
        return this;
    }

    /** The route's step: the hop to {@code ota_next_url}; the first hop of a check (no redirect yet) fixes its origin. */
    public void prepare(Exchange exchange) {
        String url = exchange.getVariable(NEXT_URL, String.class);
        if (exchange.getVariable(Redirects.HOPS) == null) {
            exchange.setVariable(CHECK_URL, url);
        }
        prepareHop(exchange, url, exchange.getVariable(CHECK_URL, String.class));
    }

    /** A hop to {@code url} of a check that started at {@code checkUrl} (a resume's Range request is one too). */
    public void prepareHop(Exchange exchange, String url, String checkUrl) {
        exchange.setVariable(URL, url);
        exchange.setVariable(CHECK_URL, checkUrl);
        exchange.removeVariable(NEXT_URL);
        Message msg = exchange.getMessage();
        msg.getHeaders().clear();
        msg.setBody(null);
        SlotContent running = boot.state().activeContent();
        String version = running != null ? running.version() : boot.factoryFirmware().version();
        String buildId = running != null ? running.buildId() : boot.factoryFirmware().buildId();
        msg.setHeader("X-MGOS-Device-ID", device.deviceIdHeader());
        msg.setHeader("X-MGOS-FW-Version", device.fwVersionHeader(version, buildId));
        msg.setHeader("User-Agent", device.userAgent(version));
        if (fleet != null) {
            // for the server's access log: the fleet's state without a server of our own (docs/rollouts.md)
            msg.setHeader(FleetState.STATE_HEADER, fleet.state(url));
            fleet.rejectedVersion().ifPresent(v -> msg.setHeader(FleetState.REJECTED_HEADER, v));
        }
        if (sameOrigin(url, checkUrl)) {
            extraHeaders.forEach(msg::setHeader);
        }
        // only validators of the committed running firmware or of the rolled-back version (see HttpValidators)
        exchange.removeVariable(CONDITIONAL);
        validators.forRequest(url, boot.state()).ifPresent(c -> {
            if (c.validators().etag() != null) {
                msg.setHeader("If-None-Match", c.validators().etag());
            }
            if (c.validators().lastModified() != null) {
                msg.setHeader("If-Modified-Since", c.validators().lastModified());
            }
            exchange.setVariable(CONDITIONAL, c.meaning());
        });
        exchange.removeVariable(RESUME);
        exchange.removeVariable(DELTA_HEAD);
        resumable(url).ifPresentOrElse(cp -> {
            // only the same URL, into the same slot, from the same running firmware: else start over
            msg.setHeader("Range", "bytes=" + cp.offset() + "-");
            msg.setHeader("If-Range", cp.validator());
            exchange.setVariable(RESUME, cp);
        }, () -> {
            if (deltaHeadBytes > 0) {
                msg.setHeader("Range", "bytes=0-" + (deltaHeadBytes - 1));
                exchange.setVariable(DELTA_HEAD, true);
            }
        });
        msg.setHeader(Exchange.HTTP_METHOD, "GET");
        msg.setHeader(Exchange.HTTP_URI, url);
    }

    /** RFC 6454 origin equality: scheme and host case-insensitive, a missing port is the scheme's default. */
    static boolean sameOrigin(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            URI x = new URI(a.trim());
            URI y = new URI(b.trim());
            return x.getScheme() != null && x.getHost() != null && x.getScheme().equalsIgnoreCase(y.getScheme())
                    && x.getHost().equalsIgnoreCase(y.getHost()) && port(x) == port(y);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private Optional<DownloadCheckpoint> resumable(String url) {
        if (checkpoints == null || url == null) {
            return Optional.empty();
        }
        BootState state = boot.state();
        return checkpoints.load().filter(cp -> url.equals(cp.url()) && cp.validator() != null
                && state.committed() && cp.activeSlot() == state.activeSlot()
                && cp.targetSlot() == state.inactiveSlot() && cp.offset() > 0);
    }
}
