package io.camelota.http;

import io.camelota.flash.FlashConstants;
import io.camelota.flash.OfferGate;
import io.camelota.http.HttpValidators.Validators;
import io.camelota.status.RolloutDeferral;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The check-for-update route's rollout steps. On a 200 the version is not known until the
 * manifest is read, so the decision is handed to the installer as an {@link OfferGate}; on a 304 to
 * a deferred bundle's validators the version is the one remembered, and the 304's own
 * X-OTA-Rollout decides again (absent = 100 %, as on a 200: a server that drops the header
 * releases to everyone).
 */
public final class RolloutCheck {

    private final DeviceIdentity device;
    private final RolloutDeferrals deferrals;

    public RolloutCheck(DeviceIdentity device, RolloutDeferrals deferrals) {
        this.device = device;
        this.deferrals = deferrals;
    }

    /** A 200 (or 206): the installer asks the gate once the manifest names the version. */
    public void offered(Exchange exchange) {
        Message msg = exchange.getMessage();
        String header = Rollout.headerValue(h -> msg.getHeader(h, String.class));
        String url = exchange.getVariable(UpdateRequest.URL, String.class);
        String etag = msg.getHeader("ETag", String.class);
        String lastModified = msg.getHeader("Last-Modified", String.class);
        String deviceId = device.deviceIdHeader();
        OfferGate gate = manifest -> {
            RolloutDecision d = Rollout.decide(deviceId, manifest.version(), header);
            if (d.defer()) {
                deferrals.defer(url, new Validators(etag, lastModified, manifest.version(), manifest.buildId()));
                throw new RolloutDeferral(d.message());
            }
            deferrals.clear(url);
        };
        msg.setHeader(FlashConstants.GATE, gate);
    }

    /**
     * A 304 to the deferred bundle's validators: still outside the percentage, deferred again
     * (no body was sent); inside now, the same URL is asked again at once without them, and
     * that 200 installs.
     */
    public void notModified(Exchange exchange) {
        Message msg = exchange.getMessage();
        Redirects.closeBody(msg);
        String url = exchange.getVariable(UpdateRequest.URL, String.class);
        Validators v = deferrals.forUrl(url).orElseThrow(() -> new IllegalStateException("no deferral for " + url));
        RolloutDecision d = Rollout.decide(device.deviceIdHeader(), v.version(), Rollout.headerValue(h -> msg.getHeader(h, String.class)));
        if (d.defer()) {
            throw new RolloutDeferral(d.message());
        }
        deferrals.clear(url);
        exchange.setVariable(UpdateRequest.NEXT_URL, url);
    }
}
