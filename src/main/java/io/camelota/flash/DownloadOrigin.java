package io.camelota.flash;

/**
 * Where an HTTP bundle body comes from: the final URL (after redirects) and the validator a later
 * {@code If-Range} must carry (strong ETag, else Last-Modified; null = the download cannot be resumed).
 */
public record DownloadOrigin(String url, String validator) {
}
