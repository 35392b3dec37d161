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

    /** True when version AND build_id both equal the running ones exactly (no prefix quirk). */
    public static boolean isSameVersion(Manifest m, String runningVersion, String runningBuildId) {
        return Objects.equals(m.version(), runningVersion) && Objects.equals(m.buildId(), runningBuildId);
    }
}
