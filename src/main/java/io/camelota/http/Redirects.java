package io.camelota.http;

import java.net.URI;
import java.net.URISyntaxException;

import io.camelota.download.AbortableBody;
import io.camelota.status.UpdateFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Follows 301/302/303/307/308 by hand (the HTTP client's own following is off): resolves a
 * relative Location against the URL just requested, refuses https → http, and stops after a hop
 * limit — the original had none, so a redirect loop ran until the 600 s watchdog (protocol §9 #3).
 */
public final class Redirects {

    public static final String HOPS = "ota_redirect_hops";

    private final int maxRedirects;

    public Redirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }

    public void follow(Exchange exchange) {
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String location = msg.getHeader("Location", String.class);
        closeBody(msg);
        if (location == null || location.isBlank()) {
            throw new UpdateFailure(-status, "Invalid HTTP response code");
        }
        int hops = exchange.getVariable(HOPS, 0, Integer.class) + 1;
        if (hops > maxRedirects) {
            throw new UpdateFailure(-1, "Too many redirects");
        }
        String current = exchange.getVariable(UpdateRequest.URL, String.class);
        URI next;
        try {
            next = new URI(current).resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UpdateFailure(-1, "Invalid redirect location: " + location);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UpdateFailure(-1, "Invalid redirect location: " + location);
        }
        if (current.regionMatches(true, 0, "https:", 0, 6) && scheme.equals("http")) {
            throw new UpdateFailure(-1, "Redirect from https to http refused");
        }
        exchange.setVariable(HOPS, hops);
        exchange.setVariable(UpdateRequest.NEXT_URL, next.toString());
    }

    /**
     * A response we do not read must still be ended, or its connection stays leased; it is aborted,
     * not drained: a server may send a body of any size with a redirect, an error or a refused 206.
     */
    static void closeBody(Message msg) {
        Object body = msg.getBody();
        if (body instanceof AbortableBody a) {
            a.abort();
        } else {
            ResponseBodies.abort(body);
        }
    }
}
