package io.camelota.bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the manifest's {@code parts} object. {@code src}, {@code size} and the digests are null when
 * absent (e.g. a fill-only {@code nvs} region has no src). {@code json} is the whole part object, including
 * platform-specific and unknown keys ({@code addr}, {@code ptn}, {@code fill}, {@code update}, ...).
 */
public record ManifestPart(String name, String type, String src, Long size, String sha1, String sha256,
                           JsonNode json) {
}
