package io.camelota.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and checked manifest.json. {@code rawBytes} are the exact stored bytes (what signatures cover);
 * {@code extraAttributes} are the key/values of the 0x293A extra field of the manifest's local header
 * (sig0..sig7 and --extra-attr values), empty when absent.
 */
public record Manifest(String name, String platform, String version, String buildId, String buildTimestamp,
                       Map<String, ManifestPart> parts, byte[] rawBytes, Map<String, String> extraAttributes) {

    public Manifest {
        // keep insertion order (part order matters to backends) but make the record immutable
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        extraAttributes = extraAttributes == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extraAttributes));
    }

    /** The part whose {@code src} equals {@code fileName} (a name after stripping the top folder). */
    public Optional<ManifestPart> partForFile(String fileName) {
        for (ManifestPart p : parts.values()) {
            if (p.src() != null && p.src().equals(fileName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
