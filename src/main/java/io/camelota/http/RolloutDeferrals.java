package io.camelota.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.camelota.boot.BootState;
import io.camelota.http.HttpValidators.Validators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validators (ETag / Last-Modified) and version of each bundle this device deferred, per URL,
 * kept in the data folder. While one is kept, polls to that URL carry its If-None-Match: a static
 * server answers 304 with its current X-OTA-Rollout and no body, so a fleet waiting for a rollout
 * costs the server headers only. Kept apart from {@link HttpValidators}' own (the running and the
 * rolled-back firmware's), which stay valid for when the deferral ends.
 */
public final class RolloutDeferrals {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutDeferrals.class);

    private final ValidatorsFile byUrl;

    public RolloutDeferrals(Path file) {
        this.byUrl = new ValidatorsFile(file);
    }

    public Optional<Validators> forUrl(String url) {
        return byUrl.get(url);
    }

    /**
     * The deferred bundle's validators a request to {@code url} carries: only while the device
     * neither runs that version nor rolled it back (then the deferral is over either way).
     */
    public Optional<Validators> forRequest(String url, BootState state) {
        return forUrl(url).filter(v -> !v.describes(state.activeContent()) && !v.describes(state.rejected())
                && (v.etag() != null || v.lastModified() != null));
    }

    /** Remembers a deferred bundle; failing to save only costs the next poll a manifest's download. */
    public void defer(String url, Validators v) {
        if (url == null) {
            return;
        }
        try {
            byUrl.put(url, v);
        } catch (IOException e) {
            LOG.warn("cannot save {}: {}", byUrl.path(), e.getMessage());
        }
    }

    public void clear(String url) {
        if (url == null) {
            return;
        }
        try {
            byUrl.remove(url);
        } catch (IOException e) {
            LOG.warn("cannot save {}: {}", byUrl.path(), e.getMessage());
        }
    }
}
