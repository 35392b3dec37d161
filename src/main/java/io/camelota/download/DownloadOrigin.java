package io.camelota.download;

/**
 * Where an HTTP bundle body comes from: the final URL (after redirects) and the validator a later
 * {@code If-Range} must carry (strong ETag, else Last-Modified; null = the download cannot be resumed).
 * {@code checkUrl} is where the check started (before redirects): later requests for the same bundle (resumes,
 * delta ranges) send the configured extra headers only when they go to the same origin as it. {@code servesRanges}:
 * the server answered the check's head Range with a 206, so a delta install may ask it for chunks.
 */
public record DownloadOrigin(String url, String validator, String checkUrl, boolean servesRanges) {

    public DownloadOrigin(String url, String validator) {
        this(url, validator, url, false);
    }
}
