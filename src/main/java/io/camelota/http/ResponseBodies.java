package io.camelota.http;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Ends an HTTP response body without reading the rest of it. camel-http hands the agent HttpClient
 * 5's {@link EofSensorInputStream}; its {@code close()} drains the response to its end (so the
 * connection can be reused) and so does camel-http's own clean-up when the exchange completes
 * ({@code EntityUtils.consume}). {@code abort()} closes the connection at once instead, after which
 * that clean-up finds nothing left to read.
 */
public final class ResponseBodies {

    private ResponseBodies() {
    }

    /** Aborts an HttpClient body, closes anything else; never throws. */
    public static void abort(Object body) {
        try {
            if (body instanceof EofSensorInputStream response) {
                response.abort();
            } else if (body instanceof InputStream in) {
                in.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone either way
        }
    }
}
