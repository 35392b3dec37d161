package io.camelota.tool;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What goes into a firmware bundle: the manifest's top-level fields and the parts whose files are packed.
 *
 * @param manifestAttrs extra top-level manifest attributes (mos {@code --attr}); covered by the signatures
 * @param extraAttrs    attributes stored beside the signatures in the 0x293A extra field (mos {@code --extra-attr});
 *                      NOT covered by the signatures, since they live outside manifest.json
 */
public record BundleSpec(String name, String platform, String version, String buildId, String buildTimestamp,
                         List<PartSpec> parts, Map<String, Object> manifestAttrs, Map<String, Object> extraAttrs) {

    public BundleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(buildTimestamp, "buildTimestamp");
        parts = List.copyOf(parts);
        manifestAttrs = manifestAttrs == null ? Map.of() : new LinkedHashMap<>(manifestAttrs);
        extraAttrs = extraAttrs == null ? Map.of() : new LinkedHashMap<>(extraAttrs);
    }

    public BundleSpec(String name, String platform, String version, String buildId, String buildTimestamp,
                      List<PartSpec> parts) {
        this(name, platform, version, buildId, buildTimestamp, parts, Map.of(), Map.of());
    }

    /** The folder every entry lives under; the device strips it (everything up to the first '/'). */
    public String topFolder() {
        return name + "-" + version;
    }

    /**
     * One manifest part.
     *
     * @param file  the part's file, or null for a fill-only region (e.g. nvs) that has no zip entry
     * @param attrs extra part attributes (addr, ptn, fill, encrypt, ...), written after the computed ones
     */
    public record PartSpec(String name, String type, Path file, Map<String, Object> attrs) {
        public PartSpec {
            Objects.requireNonNull(name, "part name");
            type = type == null || type.isEmpty() ? name : type;
            attrs = attrs == null ? Map.of() : new LinkedHashMap<>(attrs);
        }
    }
}
