package io.camelota.bundle;

import java.util.Objects;

/** Device-side manifest checks (protocol §4.4), as pure functions. */
public final class ManifestChecks {

    private ManifestChecks() {
    }

    /**
     * Exact, case-insensitive platform equality. Deliberately NOT the original's prefix comparison, under
     * which an {@code esp32c3} bundle passed on an {@code esp32} device.
     */
    public static void requirePlatform(Manifest m, String devicePlatform) throws BundleException {
        if (devicePlatform == null || !devicePlatform.equalsIgnoreCase(m.platform())) {
            throw new BundleException("Wrong platform");
        }
    }

    /**
     * Every part that carries data must name a digest ({@code cs_sha256} or {@code cs_sha1}): without one
     * only the zip CRC-32 would guard the bytes written to a slot, and a CRC is no integrity check
     * against anyone who can edit the bundle. Checked right after the manifest, before any slot is opened.
     */
    public static void requireDigests(Manifest m) throws BundleException {
        for (ManifestPart p : m.parts().values()) {
            if (p.src() != null && isBlank(p.sha256()) && isBlank(p.sha1())) {
                throw new BundleException("Missing checksum for part " + p.name());
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** True when version AND build_id both equal the running ones exactly (no prefix quirk). */
    public static boolean isSameVersion(Manifest m, String runningVersion, String runningBuildId) {
        return Objects.equals(m.version(), runningVersion) && Objects.equals(m.buildId(), runningBuildId);
    }
}
