package io.camelota.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.camelota.status.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Percentage rollouts decided on the device, so a static server (nginx add_header, S3 object
 * metadata, a CDN rule) can stage a release with one number: {@code X-OTA-Rollout: 0..100}.
 * The bucket hashes the device id together with the version, so each release reaches a different
 * first group of devices, while one device keeps its bucket for one version (a widening rollout
 * never takes a device back out).
 */
public final class Rollout {

    /** The response header a server stages a rollout with. */
    public static final String HEADER = "X-OTA-Rollout";
    /**
     * What object stores make of user metadata named ota-rollout (S3 and S3-compatible stores, Google
     * Cloud Storage): they cannot send a header of any other name, so these count as {@link #HEADER}.
     */
    public static final java.util.List<String> METADATA_HEADERS = java.util.List.of("x-amz-meta-ota-rollout",
            "x-goog-meta-ota-rollout");

    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);

    private Rollout() {
    }

    /**
     * The first two bytes of SHA-256("&lt;X-MGOS-Device-ID value&gt; &lt;version&gt;") as a big-endian
     * unsigned number, mod 100. (65536 mod 100 = 36: buckets 0..35 are 1/655 likelier than the
     * rest — far below what any fleet could notice, and simple enough to recompute in a shell.)
     */
    public static int bucket(String deviceIdHeader, String version) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((deviceIdHeader + " " + version).getBytes(StandardCharsets.UTF_8));
            return (((h[0] & 0xff) << 8) | (h[1] & 0xff)) % 100;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * The percentage a header value states. Absent = 100 (a server that knows nothing of rollouts
     * gives everyone the update). Anything but a whole number 0..100 = 0: a typo in a server rule
     * must pause a rollout, never turn it into a full release; it is logged so it gets fixed.
     */
    public static int percent(String header) {
        if (header == null) {
            return 100;
        }
        String v = header.strip();
        if (v.matches("\\d{1,3}")) {
            int p = Integer.parseInt(v);
            if (p <= 100) {
                return p;
            }
        }
        LOG.warn("{}: '{}' is not a percentage 0..100: treated as 0 (rollout paused)", HEADER, SafeText.of(v, 40));
        return 0;
    }

    /** The percentage header among a response's headers: X-OTA-Rollout, else an object store's metadata form. */
    public static String headerValue(java.util.function.Function<String, String> headers) {
        String v = headers.apply(HEADER);
        for (int i = 0; v == null && i < METADATA_HEADERS.size(); i++) {
            v = headers.apply(METADATA_HEADERS.get(i));
        }
        return v;
    }

    /** The decision for {@code deviceIdHeader} on {@code version} under {@code header}. */
    public static RolloutDecision decide(String deviceIdHeader, String version, String header) {
        return new RolloutDecision(bucket(deviceIdHeader, version), percent(header));
    }
}
