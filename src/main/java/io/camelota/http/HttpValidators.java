package io.camelota.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.camelota.boot.BootControl;
import io.camelota.boot.BootState;
import io.camelota.boot.SlotContent;
import io.camelota.status.DeliberateRefusal;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional polls: the ETag / Last-Modified a URL answered with, per URL, kept in the data folder
 * together with the firmware (version, build id) that response carried. The next request to that URL
 * carries If-None-Match / If-Modified-Since, so a plain static server (nginx, S3, a CDN) answers 304
 * without any OTA-specific code and without sending the bundle again.
 * <p>
 * A validator is sent only when the firmware it describes is what the device runs committed
 * (a 304 then means "Not Modified"), or is the version that was rolled back (a 304 then means "the
 * server still offers the refused version": no download to find that out again). A validator stored
 * at install time therefore means nothing until that install is committed, and after a rollback it
 * turns into the refused version's — no hook into commit or revert is needed.
 */
public final class HttpValidators {

    private static final Logger LOG = LoggerFactory.getLogger(HttpValidators.class);

    /** What a server said about one URL's content, and which firmware that content was. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Validators(@JsonProperty("etag") String etag, @JsonProperty("last_modified") String lastModified,
                            @JsonProperty("version") String version, @JsonProperty("build_id") String buildId) {

        boolean describes(SlotContent c) {
            return c != null && version != null && version.equals(c.version()) && Objects.equals(buildId, c.buildId());
        }
    }

    /** What a 304 to a conditional request means. */
    public enum Meaning {
        /** the device runs this content, committed: "Not Modified" */
        RUNNING,
        /** the server still offers the version this device deferred by rollout (see {@link RolloutDeferrals}) */
        DEFERRED,
        /** the server still offers the version that was rolled back: "Version was rolled back before" */
        REJECTED
    }

    /** The validators to send and what a 304 to them will mean. */
    public record Conditional(Validators validators, Meaning meaning) {
    }

    private final Path file;
    private final BootControl boot;
    private final ValidatorsFile byUrl;
    private final RolloutDeferrals deferrals;

    public HttpValidators(Path file, BootControl boot) {
        this(file, boot, null);
    }

    /** {@code deferrals}: bundles deferred by rollout, whose validators go first (null = none). */
    public HttpValidators(Path file, BootControl boot, RolloutDeferrals deferrals) {
        this.file = file;
        this.deferrals = deferrals;
        this.boot = boot;
        this.byUrl = new ValidatorsFile(file);
    }

    public Optional<Validators> forUrl(String url) {
        return byUrl.get(url);
    }

    /** The validators a request to {@code url} may carry in boot state {@code state}, if any. */
    public Optional<Conditional> forRequest(String url, BootState state) {
        if (deferrals != null) {
            Optional<Validators> deferred = deferrals.forRequest(url, state);
            if (deferred.isPresent()) {
                return Optional.of(new Conditional(deferred.get(), Meaning.DEFERRED));
            }
        }
        return forUrl(url).flatMap(v -> {
            if (state.committed() && v.describes(state.activeContent())) {
                return Optional.of(new Conditional(v, Meaning.RUNNING));
            }
            if (v.describes(state.rejected())) {
                return Optional.of(new Conditional(v, Meaning.REJECTED));
            }
            return Optional.empty();
        });
    }

    /**
     * After a 200 whose bundle was installed or is the running version: remember the hop's
     * validators with the firmware now in the active slot (the new, still uncommitted install, or
     * the running one for "same version").
     */
    public void rememberResponse(Exchange exchange) throws IOException {
        Integer result = exchange.getMessage().getHeader("CamelFlashResult", Integer.class);
        if (result != null && result > 0) {
            remember(exchange, boot.state().activeContent());
        }
    }

    /**
     * After a 200 refused as "Version was rolled back before": remember its validators as the
     * rejected version's, so the next poll learns that from a 304 instead of a download.
     */
    public void rememberRefusal(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DeliberateRefusal r && r.rolledBack()) {
                try {
                    remember(exchange, boot.state().rejected());
                } catch (IOException io) {
                    // only an optimisation: the next poll downloads the manifest again to find the same
                    LOG.warn("cannot save {}: {}", file, io.getMessage());
                }
                return;
            }
        }
    }

    private void remember(Exchange exchange, SlotContent content) throws IOException {
        Message msg = exchange.getMessage();
        String url = exchange.getVariable(UpdateRequest.URL, String.class);
        String etag = msg.getHeader("ETag", String.class);
        String lastModified = msg.getHeader("Last-Modified", String.class);
        if (content != null && url != null && (etag != null || lastModified != null)) {
            remember(url, new Validators(etag, lastModified, content.version(), content.buildId()));
        }
    }

    /** Writes only a change: every poll that is refused again would otherwise rewrite the file. */
    public void remember(String url, Validators v) throws IOException {
        byUrl.put(url, v);
    }
}
