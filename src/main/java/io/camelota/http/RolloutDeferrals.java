package io.camelota.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelota.boot.AtomicFiles;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Validators> byUrl = new LinkedHashMap<>();

    public RolloutDeferrals(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                byUrl.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Validators>>() { }));
            }
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
        }
    }

    public synchronized Optional<Validators> forUrl(String url) {
        return Optional.ofNullable(byUrl.get(url));
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
    public synchronized void defer(String url, Validators v) {
        if (url == null || v.equals(byUrl.get(url))) {
            return;
        }
        byUrl.put(url, v);
        save();
    }

    public synchronized void clear(String url) {
        if (url != null && byUrl.remove(url) != null) {
            save();
        }
    }

    private void save() {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(byUrl));
        } catch (IOException e) {
            LOG.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}
